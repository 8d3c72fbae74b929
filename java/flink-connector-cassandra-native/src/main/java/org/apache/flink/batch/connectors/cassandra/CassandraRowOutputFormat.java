package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.FlinkValues;
import org.apache.flink.types.Row;

/** Writes {@link Row}s with an INSERT (or UPDATE) whose bind variables take the row's fields in order. */
@PublicEvolving
public class CassandraRowOutputFormat extends CassandraOutputFormatBase<Row> {
    private static final long serialVersionUID = 1L;

    public CassandraRowOutputFormat(String insertQuery, ClusterBuilder builder) {
        super(insertQuery, builder);
    }

    @Override
    protected Object[] extract(Row record) {
        return FlinkValues.fieldsOf(record);
    }
}
