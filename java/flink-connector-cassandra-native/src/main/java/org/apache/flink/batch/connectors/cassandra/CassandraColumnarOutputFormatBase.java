package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

import java.time.Duration;

/**
 * Base of the formats that bind a record's fields, in order, to the bind variables of an INSERT
 * (or UPDATE): {@link CassandraTupleOutputFormat} and {@link CassandraRowOutputFormat}, as in the
 * official connector.
 *
 * @param <OUT> type of the records written
 */
@PublicEvolving
public abstract class CassandraColumnarOutputFormatBase<OUT> extends CassandraOutputFormatBase<OUT> {
    private static final long serialVersionUID = 1L;

    protected CassandraColumnarOutputFormatBase(String insertQuery, ClusterBuilder builder) {
        super(insertQuery, builder);
    }

    public CassandraColumnarOutputFormatBase(
            String insertQuery, ClusterBuilder builder, int maxConcurrentRequests, Duration maxConcurrentRequestsTimeout) {
        super(insertQuery, builder, maxConcurrentRequests, maxConcurrentRequestsTimeout);
    }

    /** The record's fields in bind-variable order. */
    protected abstract Object[] extractFields(OUT record);

    /** The fields as they are; the plan's encoder adapts them (one encoder for every sink). */
    @Override
    protected final Object[] extract(OUT record) {
        return extractFields(record);
    }
}
