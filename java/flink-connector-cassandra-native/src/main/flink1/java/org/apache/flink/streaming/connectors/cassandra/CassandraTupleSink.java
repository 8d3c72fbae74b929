package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.tuple.Tuple;

/**
 * Writes Flink {@link Tuple}s: field {@code i} binds the {@code i}-th {@code ?} of the query. A
 * {@code RichSinkFunction} for {@code stream.addSink(...)}; see {@link CassandraSinkBase}.
 *
 * @param <IN> the tuple type
 */
@PublicEvolving
public class CassandraTupleSink<IN extends Tuple> extends AbstractCassandraTupleSink<IN> {
    private static final long serialVersionUID = 1L;

    public CassandraTupleSink(String insertQuery, ClusterBuilder builder) {
        this(insertQuery, builder, CassandraSinkBaseConfig.newBuilder().build());
    }

    CassandraTupleSink(String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config) {
        this(insertQuery, builder, config, new NoOpCassandraFailureHandler());
    }

    CassandraTupleSink(
            String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config,
            CassandraFailureHandler failureHandler) {
        super(insertQuery, builder, config, failureHandler);
    }

    @Override
    protected Object[] extract(IN record) {
        Object[] values = new Object[record.getArity()];
        for (int i = 0; i < values.length; i++) {
            values[i] = record.getField(i);
        }
        return values;
    }
}
