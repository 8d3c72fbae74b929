package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.CheckpointStorageCheck;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.JobSettings;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.OperatorStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SubtaskTrackingCommitter;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WriteAheadLogSupport;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.streaming.runtime.operators.GenericWriteAheadSink;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
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
    /** The builder's plan; null for a sink made without the builder (default settings). */
    private WritePlan plan;
    private transient WriteAheadLogSupport<IN> log;
    /** Set by {@link #finish()}: the next notifications are the task's last. */
    private transient boolean inputEnded;
    /** {subtask, checkpoint} of each checkpoint written during the current notification. */
    private transient List<long[]> writtenThisNotification;
    /** Records since the last snapshot: the next pending checkpoint's rows. */
    private transient long recordsSinceSnapshot;
    /** The earliest write time (µs) the next pending checkpoint's rows may use. */
    private transient long nextFreeMicros;
    /** {@link #nextFreeMicros}, as union state: after a rescale every subtask takes the largest. */
    private transient ListState<Long> nextFreeState;

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
        // As the official connector: an anonymous builder must not drag its enclosing instance along.
        ClosureCleaner.clean(builder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
        this.committer = committer;
    }

    /** Sets what the builder collected: the write plan of {@link #insertQuery()}. */
    void configure(WritePlan plan) {
        this.plan = plan;
    }

    String insertQuery() {
        return insertQuery;
    }

    /** What this sink writes with: the builder's plan, or the defaults for {@link #insertQuery()}. */
    WritePlan plan() {
        return plan != null ? plan : WritePlan.builder(builder, insertQuery).build();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        nextFreeState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("cassandra-wal-next-write-time", LongSerializer.INSTANCE));
        for (Long restored : nextFreeState.get()) {
            nextFreeMicros = Math.max(nextFreeMicros, restored);
        }
    }

    /**
     * Closes this checkpoint's records into a pending checkpoint. Its rows are written at
     * {@code timestamp (µs) + position}: when that would not be after every row of the previous
     * pending checkpoint (a checkpoint or savepoint less than one µs per row after the previous
     * one, or a clock that stepped back), the timestamp Flink's write-ahead sink stores with the
     * pending checkpoint is moved forward to just after them, so later records still win. It is
     * stored, so replays use the same write times.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        StateSnapshotContext effective = context;
        if (recordsSinceSnapshot > 0) {
            long timestamp = context.getCheckpointTimestamp();
            if (Math.multiplyExact(timestamp, 1000L) < nextFreeMicros) {
                long rebased = Math.floorDiv(nextFreeMicros + 999, 1000L);
                LOG.warn("Checkpoint {} at {} ms would write its {} rows no later than rows of the previous checkpoint "
                                + "(clock step back, or checkpoints less than 1 µs per row apart): writing them from {} ms instead",
                        context.getCheckpointId(), timestamp, recordsSinceSnapshot, rebased);
                effective = new RebasedSnapshotContext(context, rebased);
                timestamp = rebased;
            }
            nextFreeMicros = Math.addExact(Math.multiplyExact(timestamp, 1000L), recordsSinceSnapshot);
            recordsSinceSnapshot = 0;
        }
        super.snapshotState(effective);
        log.snapshotTaken(context.getCheckpointId());
        nextFreeState.update(Collections.singletonList(nextFreeMicros));
    }

    /** A snapshot context with another checkpoint timestamp. */
    private static final class RebasedSnapshotContext implements StateSnapshotContext {
        private final StateSnapshotContext context;
        private final long timestamp;

        RebasedSnapshotContext(StateSnapshotContext context, long timestamp) {
            this.context = context;
            this.timestamp = timestamp;
        }

        @Override
        public long getCheckpointId() {
            return context.getCheckpointId();
        }

        @Override
        public long getCheckpointTimestamp() {
            return timestamp;
        }

        @Override
        public KeyedStateCheckpointOutputStream getRawKeyedOperatorStateOutput() throws Exception {
            return context.getRawKeyedOperatorStateOutput();
        }

        @Override
        public OperatorStateCheckpointOutputStream getRawOperatorStateOutput() throws Exception {
            return context.getRawOperatorStateOutput();
        }
    }

    /** Opens the connection; fails when checkpointing is disabled (nothing would ever be written). */
    @Override
    public void open() throws Exception {
        super.open();
        if (!JobSettings.checkpointingEnabled(this)) {
            throw new IllegalStateException(
                    "The write-ahead log (exactly-once) Cassandra sink requires checkpointing: "
                            + "call env.enableCheckpointing(interval)");
        }
        checkCheckpointStorage();
        log = WriteAheadLogSupport.open(plan(), this::fields);
        writtenThisNotification = new ArrayList<>();
        WriteAheadLogSupport<IN> opened = log;
        getMetricGroup().addGroup("cassandra").gauge("writeAheadLogFailedAttempts", (Gauge<Long>) opened::failedAttempts);
    }

    /**
     * Warns when checkpoints go to the JobManager's memory, which a busy checkpoint of records
     * overflows; fails without restarts when the job would also restart forever.
     */
    private void checkCheckpointStorage() throws Exception {
        // The streams Flink's write-ahead sink keeps records in: memory-backed ones are capped.
        boolean inMemory;
        try (CheckpointStateOutputStream probe = getContainingTask().getCheckpointStorage().createTaskOwnedStateStream()) {
            inMemory = probe instanceof MemCheckpointStreamFactory.MemoryCheckpointOutputStream;
        }
        String unbounded = JobSettings.unboundedRestarts(this,
                getContainingTask().getEnvironment().getTaskManagerInfo().getConfiguration());
        CheckpointStorageCheck.Verdict verdict = CheckpointStorageCheck.verdict(inMemory, unbounded);
        if (verdict == CheckpointStorageCheck.Verdict.FAIL) {
            throw new SuppressRestartsException(
                    new IllegalStateException(CheckpointStorageCheck.message(verdict, unbounded)));
        }
        if (verdict == CheckpointStorageCheck.Verdict.WARN) {
            LOG.warn(CheckpointStorageCheck.message(verdict, null));
        }
    }

    /**
     * The input ended: the task now waits for its final checkpoint and ends after that one's
     * notification, so there is no later notification to retry a failed write at.
     */
    @Override
    public void finish() throws Exception {
        super.finish();
        inputEnded = true;
    }

    /**
     * Writes the completed checkpoints (Flink's write-ahead sink), then fails the task when a
     * write failed permanently or too often: the base class only logs a failed write and tries
     * again at the next notification. After the end of the input there is no next one: a
     * checkpoint left unwritten fails the task, and the restart from the final checkpoint writes it.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        writtenThisNotification.clear();
        super.notifyCheckpointComplete(checkpointId);
        log.throwIfFailed();
        if (inputEnded) {
            log.throwIfUnwritten();
            // written but not committed: the base class logged a failure after the write (in an
            // overriding sendValues or in the commit) and left the checkpoint pending
            for (long[] written : writtenThisNotification) {
                if (!committer.isCheckpointCommitted((int) written[0], written[1])) {
                    throw new IOException("Checkpoint " + written[1] + " of subtask " + written[0] + " was written but not "
                            + "committed after the end of the input: failing the task so that its restart commits it");
                }
            }
        }
    }

    /** Failed write attempts since the sink opened (also the metric {@code writeAheadLogFailedAttempts}). */
    long failedAttempts() {
        return log == null ? 0 : log.failedAttempts();
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        log.validate(element.getValue());
        super.processElement(element);
        recordsSinceSnapshot++;
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
        int subtask = committer.subtaskOf(checkpointId);
        boolean written = log.send(values, checkpointId, subtask, timestamp);
        if (written) {
            writtenThisNotification.add(new long[] {subtask, checkpointId});
        }
        return written;
    }

    /** The bind values of one record, in statement order. */
    protected abstract Object[] fields(IN record);
}
