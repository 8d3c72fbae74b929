package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.FlinkValues;
import org.apache.flink.types.Row;

import java.time.Duration;

/** Writes {@link Row}s with an INSERT (or UPDATE) whose bind variables take the row's fields in order. */
@PublicEvolving
public class CassandraRowOutputFormat extends CassandraColumnarOutputFormatBase<Row> {
    private static final long serialVersionUID = 1L;

    public CassandraRowOutputFormat(String insertQuery, ClusterBuilder builder) {
        super(insertQuery, builder);
    }

    public CassandraRowOutputFormat(
            String insertQuery, ClusterBuilder builder, int maxConcurrentRequests, Duration maxConcurrentRequestsTimeout) {
        super(insertQuery, builder, maxConcurrentRequests, maxConcurrentRequestsTimeout);
    }

    @Override
    protected Object[] extractFields(Row record) {
        return FlinkValues.fieldsOf(record);
    }
}
