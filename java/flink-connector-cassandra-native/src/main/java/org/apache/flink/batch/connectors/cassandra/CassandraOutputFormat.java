package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.tuple.Tuple;

/**
 * Writes tuples (the official connector's name).
 *
 * @deprecated use {@link CassandraTupleOutputFormat}
 */
@Deprecated
@PublicEvolving
public class CassandraOutputFormat<OUT extends Tuple> extends CassandraTupleOutputFormat<OUT> {
    private static final long serialVersionUID = 1L;

    public CassandraOutputFormat(String insertQuery, ClusterBuilder builder) {
        super(insertQuery, builder);
    }
}
