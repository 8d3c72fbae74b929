package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;

/** Reads the rows of a SELECT as tuples, one field per result column, in order. */
@PublicEvolving
public class CassandraInputFormat<OUT extends Tuple> extends CassandraInputFormatBase<OUT> {
    private static final long serialVersionUID = 1L;

    public CassandraInputFormat(String query, ClusterBuilder builder) {
        super(query, builder, RowConverter.forTuples(-1));
    }
}
