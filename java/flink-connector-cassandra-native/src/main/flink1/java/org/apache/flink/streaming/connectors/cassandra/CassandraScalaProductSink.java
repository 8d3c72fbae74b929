package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

import scala.Product;

/**
 * Writes Scala tuples and case classes: element {@code i} binds the {@code i}-th {@code ?} of the
 * query. A {@code RichSinkFunction} for {@code stream.addSink(...)}; see {@link
 * CassandraSinkBase}. Needs the Scala library at run time, as Scala jobs have.
 *
 * @param <IN> the product type
 */
@PublicEvolving
public class CassandraScalaProductSink<IN extends Product> extends AbstractCassandraTupleSink<IN> {
    private static final long serialVersionUID = 1L;

    public CassandraScalaProductSink(String insertQuery, ClusterBuilder builder) {
        this(insertQuery, builder, CassandraSinkBaseConfig.newBuilder().build());
    }

    CassandraScalaProductSink(String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config) {
        this(insertQuery, builder, config, new NoOpCassandraFailureHandler());
    }

    CassandraScalaProductSink(
            String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config,
            CassandraFailureHandler failureHandler) {
        super(insertQuery, builder, config, failureHandler);
    }

    @Override
    protected Object[] extract(IN record) {
        return productElements(record);
    }

    /** The elements of a Scala product, in order. */
    static Object[] productElements(Product record) {
        Object[] values = new Object[record.productArity()];
        for (int i = 0; i < values.length; i++) {
            values[i] = record.productElement(i);
        }
        return values;
    }
}
