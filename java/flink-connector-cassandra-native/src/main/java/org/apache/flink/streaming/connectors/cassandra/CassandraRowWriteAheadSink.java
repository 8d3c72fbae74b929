package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.FlinkValues;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;

/**
 * Exactly-once sink for Row streams, a {@link
 * org.apache.flink.streaming.runtime.operators.GenericWriteAheadSink}: records are kept in
 * Flink's state and written to Cassandra only when their checkpoint completes; the {@link
 * CheckpointCommitter} records which checkpoints were written, so recovery replays only the
 * others. See {@link CassandraWriteAheadSinkBase} for the write times and ordering guarantees.
 */
@PublicEvolving
public class CassandraRowWriteAheadSink extends CassandraWriteAheadSinkBase<Row> {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the sink (and, through the committer, the checkpoint table).
     *
     * @param insertQuery CQL statement with one {@code ?} per row field
     * @param serializer serializer of the records kept in state
     * @param builder connection to Cassandra
     * @param committer records written checkpoints
     */
    protected CassandraRowWriteAheadSink(
            String insertQuery, TypeSerializer<Row> serializer, ClusterBuilder builder, CheckpointCommitter committer)
            throws Exception {
        super(insertQuery, serializer, builder, committer);
    }

    @Override
    protected Object[] fields(Row row) {
        return FlinkValues.fieldsOf(row);
    }
}
