package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.FlinkValues;

import java.time.Duration;

/** Writes tuples with an INSERT (or UPDATE) whose bind variables take the tuple's fields in order. */
@PublicEvolving
public class CassandraTupleOutputFormat<OUT extends Tuple> extends CassandraColumnarOutputFormatBase<OUT> {
    private static final long serialVersionUID = 1L;

    public CassandraTupleOutputFormat(String insertQuery, ClusterBuilder builder) {
        super(insertQuery, builder);
    }

    public CassandraTupleOutputFormat(
            String insertQuery, ClusterBuilder builder, int maxConcurrentRequests, Duration maxConcurrentRequestsTimeout) {
        super(insertQuery, builder, maxConcurrentRequests, maxConcurrentRequestsTimeout);
    }

    @Override
    protected Object[] extractFields(OUT record) {
        return FlinkValues.fieldsOf(record);
    }
}
