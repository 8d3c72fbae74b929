package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.FlinkValues;

/** Writes tuples with an INSERT (or UPDATE) whose bind variables take the tuple's fields in order. */
@PublicEvolving
public class CassandraTupleOutputFormat<OUT extends Tuple> extends CassandraOutputFormatBase<OUT> {
    private static final long serialVersionUID = 1L;

    public CassandraTupleOutputFormat(String insertQuery, ClusterBuilder builder) {
        super(insertQuery, builder);
    }

    @Override
    protected Object[] extract(OUT record) {
        return FlinkValues.fieldsOf(record);
    }
}
