package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;
import org.apache.flink.types.Row;

/** Reads the rows of a SELECT as {@link Row}s, one field per result column, in order. */
@PublicEvolving
public class CassandraRowInputFormat extends CassandraInputFormatBase<Row> {
    private static final long serialVersionUID = 1L;

    public CassandraRowInputFormat(String query, ClusterBuilder builder) {
        super(query, builder, RowConverter.forRows(-1));
    }
}
