package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.CheckpointStorageCheck;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.JobSettings;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.CheckpointStorageWorkerView;
import org.apache.flink.runtime.state.OperatorStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StatePartitionStreamProvider;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SubtaskTrackingCommitter;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WriteAheadLogSupport;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.streaming.runtime.operators.GenericWriteAheadSink;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Collections;
import java.util.NoSuchElementException;
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
 * <p>State: the records since the last checkpoint are serialized into a task-owned stream of the
 * checkpoint storage (a file beyond {@code state.storage.fs.memory-threshold}, so they need not
 * sit on the heap). At each checkpoint or savepoint that stream becomes a pending checkpoint, and
 * the bytes of every pending checkpoint not yet written are copied into the snapshot itself (raw
 * operator state, one partition per pending checkpoint, redistributed on rescaling), not a
 * handle to the task-owned file: a savepoint or retained checkpoint stays self-contained after
 * the job that took it wrote those records and discarded its files, or ended. A restore copies
 * them into task-owned streams of the new job. Pending checkpoints restored from the state of
 * earlier versions ({@code pending-checkpoints}, handles to task-owned files) are written by
 * Flink's write-ahead sink as before, which needs their files to exist.
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
    /** Where the records since the last snapshot, and the restored pending checkpoints, are kept. */
    private transient CheckpointStorageWorkerView storage;
    /** The records since the last snapshot; null when there are none. */
    private transient CheckpointStateOutputStream arriving;
    private transient DataOutputViewStreamWrapper arrivingView;
    /** The checkpoints whose records are not written yet, oldest first. */
    private transient List<PendingCheckpoint> pending;

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
        storage = getContainingTask().getCheckpointStorage();
        pending = new ArrayList<>();
        for (StatePartitionStreamProvider partition : context.getRawOperatorStateInputs()) {
            pending.add(PendingCheckpoint.restore(partition.getStream(), storage));
        }
        pending.sort(PendingCheckpoint.ORDER);
        if (!pending.isEmpty()) {
            LOG.info("Restored {} pending checkpoints of the Cassandra write-ahead sink", pending.size());
        }
    }

    /**
     * Closes this checkpoint's records into a pending checkpoint and copies every pending
     * checkpoint's records into the snapshot. Its rows are written at {@code timestamp (µs) +
     * position}: when that would not be after every row of the previous pending checkpoint (a
     * checkpoint or savepoint less than one µs per row after the previous one, or a clock that
     * stepped back), the timestamp kept with the pending checkpoint is moved forward to just after
     * them, so later records still win. It is stored, so replays use the same write times.
     */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        if (recordsSinceSnapshot > 0) {
            long timestamp = context.getCheckpointTimestamp();
            if (Math.multiplyExact(timestamp, 1000L) < nextFreeMicros) {
                long rebased = Math.floorDiv(nextFreeMicros + 999, 1000L);
                LOG.warn("Checkpoint {} at {} ms would write its {} rows no later than rows of the previous checkpoint "
                                + "(clock step back, or checkpoints less than 1 µs per row apart): writing them from {} ms instead",
                        context.getCheckpointId(), timestamp, recordsSinceSnapshot, rebased);
                timestamp = rebased;
            }
            nextFreeMicros = Math.addExact(Math.multiplyExact(timestamp, 1000L), recordsSinceSnapshot);
            arrivingView.flush();
            long length = arriving.getPos();
            StreamStateHandle handle = arriving.closeAndGetHandle();
            arriving = null;
            arrivingView = null;
            pending.add(new PendingCheckpoint(context.getCheckpointId(),
                    getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), timestamp, recordsSinceSnapshot, length,
                    handle));
            recordsSinceSnapshot = 0;
        }
        // Flink's write-ahead sink keeps there the pending checkpoints restored from earlier versions
        super.snapshotState(context);
        OperatorStateCheckpointOutputStream raw = context.getRawOperatorStateOutput();
        for (PendingCheckpoint checkpoint : pending) {
            raw.startNewPartition();
            checkpoint.copyTo(raw);
        }
        log.snapshotTaken(context.getCheckpointId());
        nextFreeState.update(Collections.singletonList(nextFreeMicros));
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
        MetricGroup cassandra = getMetricGroup().addGroup("cassandra");
        cassandra.gauge("writeAheadLogFailedAttempts", (Gauge<Long>) opened::failedAttempts);
        opened.registerMetrics(cassandra);
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
        writePending(checkpointId);
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

    /**
     * Writes and commits the pending checkpoints up to {@code checkpointId}, oldest first, as
     * Flink's write-ahead sink does: a failed write or commit is logged and retried at the next
     * notification, and ends this one, so no later checkpoint is committed before it. Records
     * that cannot be read fail the task: its restart restores them from the last snapshot.
     */
    private void writePending(long checkpointId) throws Exception {
        Iterator<PendingCheckpoint> it = pending.iterator();
        while (it.hasNext()) {
            PendingCheckpoint checkpoint = it.next();
            if (checkpoint.checkpointId > checkpointId) {
                continue;
            }
            boolean done;
            try {
                // the tracking committer learns from this question which subtask sendValues writes for
                done = committer.isCheckpointCommitted(checkpoint.subtask, checkpoint.checkpointId);
                if (!done) {
                    try (FSDataInputStream in = checkpoint.open()) {
                        done = sendValues(checkpoint.records(in, serializer), checkpoint.checkpointId, checkpoint.timestamp);
                    }
                    if (done) {
                        committer.commitCheckpoint(checkpoint.subtask, checkpoint.checkpointId);
                    }
                }
            } catch (PendingRecordsUnreadableException e) {
                throw e;
            } catch (Exception e) {
                LOG.error("Could not commit checkpoint {} of subtask {}", checkpoint.checkpointId, checkpoint.subtask, e);
                break;
            }
            if (done) {
                checkpoint.discard();
                it.remove();
            }
        }
    }

    /** Failed write attempts since the sink opened (also the metric {@code writeAheadLogFailedAttempts}). */
    long failedAttempts() {
        return log == null ? 0 : log.failedAttempts();
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        IN value = element.getValue();
        log.validate(value);
        // not into Flink's write-ahead sink's stream: a snapshot would keep only that stream's handle
        if (arriving == null) {
            arriving = storage.createTaskOwnedStateStream();
            arrivingView = new DataOutputViewStreamWrapper(arriving);
        }
        serializer.serialize(value, arrivingView);
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
            discardLocalCopies();
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

    /**
     * Discards the task-owned copies of the records: every snapshot holds its own copy, so a
     * restart or restore reads them from there.
     */
    private void discardLocalCopies() {
        if (arriving != null) {
            try {
                arriving.close();
            } catch (IOException e) {
                LOG.warn("Could not discard the records since the last checkpoint", e);
            }
            arriving = null;
            arrivingView = null;
        }
        if (pending != null) {
            for (PendingCheckpoint checkpoint : pending) {
                checkpoint.discard();
            }
            pending.clear();
        }
    }

    /** A task-owned copy of pending records cannot be read: the task fails and restores them. */
    private static final class PendingRecordsUnreadableException extends IOException {
        private static final long serialVersionUID = 1L;

        PendingRecordsUnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The records of one checkpoint of one (original) subtask, not written yet, in a task-owned
     * stream. In a snapshot: one raw operator state partition holding a header ({@link #FORMAT},
     * checkpoint id, subtask, timestamp, record count, byte length) and the serialized records.
     */
    private static final class PendingCheckpoint {
        /** "WAL" and format version 1. */
        static final int FORMAT = 0x57414c01;
        static final Comparator<PendingCheckpoint> ORDER =
                Comparator.<PendingCheckpoint>comparingLong(p -> p.checkpointId).thenComparingInt(p -> p.subtask);

        final long checkpointId;
        final int subtask;
        final long timestamp;
        final long records;
        final long length;
        final StreamStateHandle handle;

        PendingCheckpoint(long checkpointId, int subtask, long timestamp, long records, long length,
                StreamStateHandle handle) {
            this.checkpointId = checkpointId;
            this.subtask = subtask;
            this.timestamp = timestamp;
            this.records = records;
            this.length = length;
            this.handle = handle;
        }

        /** Reads one partition written by {@link #copyTo} into a new task-owned stream. */
        static PendingCheckpoint restore(InputStream in, CheckpointStorageWorkerView storage) throws IOException {
            DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
            int format = view.readInt();
            if (format != FORMAT) {
                throw new IOException(String.format("The raw operator state of the Cassandra write-ahead sink has format "
                        + "0x%08x, not 0x%08x: written by another operator or a newer connector version", format, FORMAT));
            }
            long checkpointId = view.readLong();
            int subtask = view.readInt();
            long timestamp = view.readLong();
            long records = view.readLong();
            long length = view.readLong();
            CheckpointStateOutputStream out = storage.createTaskOwnedStateStream();
            try {
                long copied = copy(in, out, length);
                if (copied != length) {
                    throw new EOFException("Pending checkpoint " + checkpointId + " of subtask " + subtask
                            + " in the restored state ends after " + copied + " of its " + length + " bytes");
                }
                return new PendingCheckpoint(checkpointId, subtask, timestamp, records, length, out.closeAndGetHandle());
            } catch (IOException | RuntimeException e) {
                out.close();
                throw e;
            }
        }

        /** Writes the header and the records into a snapshot's raw operator state partition. */
        void copyTo(OperatorStateCheckpointOutputStream raw) throws IOException {
            DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(raw);
            view.writeInt(FORMAT);
            view.writeLong(checkpointId);
            view.writeInt(subtask);
            view.writeLong(timestamp);
            view.writeLong(records);
            view.writeLong(length);
            long copied;
            try (FSDataInputStream in = open()) {
                copied = copy(in, raw, length);
            }
            if (copied != length) {
                throw new PendingRecordsUnreadableException("Pending checkpoint " + checkpointId + " of subtask " + subtask
                        + ": its task-owned copy " + handle + " ends after " + copied + " of its " + length + " bytes", null);
            }
        }

        /** Copies up to {@code length} bytes; returns how many there were (fewer: the input ended). */
        private static long copy(InputStream in, OutputStream out, long length) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            while (copied < length) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                copied += read;
            }
            return copied;
        }

        FSDataInputStream open() throws PendingRecordsUnreadableException {
            try {
                return handle.openInputStream();
            } catch (IOException e) {
                throw new PendingRecordsUnreadableException("Cannot read the records of pending checkpoint " + checkpointId
                        + " of subtask " + subtask + " from their task-owned copy " + handle, e);
            }
        }

        /** The records, read from {@code in} as they are iterated (once). */
        <T> Iterable<T> records(FSDataInputStream in, TypeSerializer<T> serializer) {
            DataInputView view = new DataInputViewStreamWrapper(in);
            return () -> new Iterator<T>() {
                private long read;

                @Override
                public boolean hasNext() {
                    return read < records;
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    try {
                        T record = serializer.deserialize(view);
                        read++;
                        return record;
                    } catch (IOException e) {
                        throw new IllegalStateException("Cannot read record " + read + " of the " + records
                                + " of pending checkpoint " + checkpointId + " of subtask " + subtask, e);
                    }
                }
            };
        }

        void discard() {
            try {
                handle.discardState();
            } catch (Exception e) {
                LOG.warn("Could not discard the task-owned copy {} of pending checkpoint {} of subtask {}",
                        handle, checkpointId, subtask, e);
            }
        }
    }
}
