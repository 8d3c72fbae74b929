package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SubtaskTrackingCommitter;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WriteAheadLogSupport;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.streaming.runtime.operators.GenericWriteAheadSink;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.UUID;

/**
 * Base of the exactly-once sinks (Tuple and Row): records are kept in Flink's state and written to
 * Cassandra only when their checkpoint completes; a {@link CheckpointCommitter} records in
 * Cassandra which checkpoints were written, so recovery replays only the others.
 *
 * <p>Each record is written with the write time {@code checkpoint timestamp (µs) + its position}
 * in the checkpoint: replays are idempotent and, of two records for one key, the later wins. The
 * statement must be idempotent (INSERT or UPDATE of plain columns; not counters, not list appends).
 *
 * @param <IN> the record type
 */
@PublicEvolving
public abstract class CassandraWriteAheadSinkBase<IN> extends GenericWriteAheadSink<IN> {
    private static final long serialVersionUID = 1L;

    protected final ClusterBuilder builder;
    private final String insertQuery;
    private final SubtaskTrackingCommitter committer;
    private String keyspace;
    private SinkOptions options = new SinkOptions();
    private CassandraFailureHandler failureHandler = new NoOpCassandraFailureHandler();
    private transient WriteAheadLogSupport<IN> log;

    /**
     * Creates the sink (and, through the committer, the checkpoint table).
     *
     * @param insertQuery CQL statement with one {@code ?} per record field
     * @param serializer serializer of the records kept in state
     * @param builder connection to Cassandra
     * @param committer records written checkpoints
     */
    protected CassandraWriteAheadSinkBase(
            String insertQuery, TypeSerializer<IN> serializer, ClusterBuilder builder, CheckpointCommitter committer)
            throws Exception {
        this(insertQuery, serializer, builder, new SubtaskTrackingCommitter(committer));
    }

    private CassandraWriteAheadSinkBase(
            String insertQuery, TypeSerializer<IN> serializer, ClusterBuilder builder, SubtaskTrackingCommitter committer)
            throws Exception {
        super(committer, serializer, UUID.randomUUID().toString().replace("-", "_"));
        this.insertQuery = insertQuery;
        this.builder = builder;
        this.committer = committer;
    }

    /** The builder's settings: default keyspace (may be null), write options and failure handler. */
    void configure(String keyspace, SinkOptions options, CassandraFailureHandler failureHandler) {
        this.keyspace = keyspace;
        this.options = options;
        this.failureHandler = failureHandler;
    }

    /** Opens the connection; fails when checkpointing is disabled (nothing would ever be written). */
    @Override
    public void open() throws Exception {
        super.open();
        if (!getRuntimeContext().isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    "The write-ahead log (exactly-once) Cassandra sink requires checkpointing: "
                            + "call env.enableCheckpointing(interval)");
        }
        log = WriteAheadLogSupport.open(builder, insertQuery, keyspace, options, failureHandler, this::fields);
        WriteAheadLogSupport<IN> opened = log;
        getMetricGroup().addGroup("cassandra").gauge("writeAheadLogFailedAttempts", (Gauge<Long>) opened::failedAttempts);
    }

    /**
     * Writes the completed checkpoints (Flink's write-ahead sink), then fails the task when a
     * write failed permanently or too often: the base class only logs a failed write and tries
     * again at the next notification.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        log.throwIfFailed();
    }

    /** Failed write attempts since the sink opened (also the metric {@code writeAheadLogFailedAttempts}). */
    long failedAttempts() {
        return log == null ? 0 : log.failedAttempts();
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        log.validate(element.getValue());
        super.processElement(element);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (log != null) {
                log.close();
                log = null;
            }
        }
    }

    /**
     * Writes a completed checkpoint's records.
     *
     * @return true only when every write was acknowledged
     */
    @Override
    protected boolean sendValues(Iterable<IN> values, long checkpointId, long timestamp) throws Exception {
        return log.send(values, checkpointId, committer.subtaskOf(checkpointId), timestamp);
    }

    /** The bind values of one record, in statement order. */
    protected abstract Object[] fields(IN record);
}
