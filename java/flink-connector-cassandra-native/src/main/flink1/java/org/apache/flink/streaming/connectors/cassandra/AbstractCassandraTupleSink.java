package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;

/**
 * A sink of tuple-like records: {@link #extract} gives the values of the {@code ?} markers of the
 * insert query, in order. See {@link CassandraSinkBase} for how records are written.
 *
 * @param <IN> the record type
 */
@PublicEvolving
public abstract class AbstractCassandraTupleSink<IN> extends CassandraSinkBase<IN, Void> {
    private static final long serialVersionUID = 1L;

    private final String insertQuery;

    public AbstractCassandraTupleSink(
            String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config,
            CassandraFailureHandler failureHandler) {
        super(builder, config, failureHandler);
        this.insertQuery = Preconditions.checkNotNull(insertQuery, "insertQuery must not be null");
    }

    @Override
    final String statement() {
        return insertQuery;
    }

    @Override
    final Object[] fields(IN record) {
        return extract(record);
    }

    /** The bind values of one record, in the order of the query's {@code ?} markers. */
    protected abstract Object[] extract(IN record);
}
