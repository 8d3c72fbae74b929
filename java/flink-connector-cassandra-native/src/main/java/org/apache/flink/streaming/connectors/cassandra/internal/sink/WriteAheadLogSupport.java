package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writing half of the write-ahead-log sinks, shared by the Tuple and Row variants.
 *
 * <p>Guarantees kept here:
 * <ul>
 *   <li>a checkpoint's rows get deterministic write times (the checkpoint's timestamp in µs, plus
 *       the row's position), so a replay rewrites identical cells and of two rows for one key
 *       the later wins;
 *   <li>failures are tracked per (checkpoint, original subtask): once checkpoint N of original
 *       subtask i failed, no later checkpoint of i is written before N is, so each original
 *       subtask's checkpoints become visible in order. Other original subtasks (held by the same
 *       subtask after a scale-down) go on. Committing is by exact (subtask, checkpoint) in
 *       {@link org.apache.flink.streaming.connectors.cassandra.CassandraCommitter}, so no commit
 *       makes an unwritten checkpoint look committed;
 *   <li>a failure that retrying cannot cure (invalid query or value, schema change, oversized
 *       mutation, a failure handler that throws its own error) fails the job instead of blocking
 *       every later checkpoint while the state grows; a transient one (timeout, unavailable,
 *       overloaded, connection) is retried at the next checkpoint notifications, at most
 *       {@value #MAX_ATTEMPTS} attempts per pending checkpoint, each counted and logged.
 * </ul>
 */
@Internal
public final class WriteAheadLogSupport<IN> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLogSupport.class);

    /**
     * Heap bytes of encoded rows kept for pending checkpoints; beyond it, records are encoded on
     * arrival only to check them, and again when written.
     */
    static final long MAX_KEPT_BYTES = 64L << 20;

    /** Attempts at one pending checkpoint (one per checkpoint notification) before the job fails. */
    public static final int MAX_ATTEMPTS = 10;

    private final RowBatcher writer;
    private final RecordEncoder<IN> recordEncoder;
    private final RowBuffer validation = new RowBuffer(1 << 16);
    /** Original subtask -> its oldest checkpoint whose write failed. */
    private final Map<Integer, Long> oldestFailed = new HashMap<>();
    /** Original subtask -> failed attempts at its oldest failed checkpoint. */
    private final Map<Integer, Integer> attempts = new HashMap<>();
    /** The encoded rows of the records since the last snapshot; null when over {@link #MAX_KEPT_BYTES}. */
    private EncodedRows arriving = new EncodedRows();
    /** Checkpoint id -> the encoded rows of its records, while it is pending (this run only). */
    private final Map<Long, EncodedRows> pending = new HashMap<>();
    private long keptBytes;
    private long failedAttempts;
    private IOException fatal;

    private WriteAheadLogSupport(RowBatcher writer, RecordEncoder<IN> records) {
        this.writer = writer;
        this.recordEncoder = records;
    }

    /** Connects and prepares the plan's statement; {@code extractor} gives a record's bind values. */
    public static <IN> WriteAheadLogSupport<IN> open(WritePlan plan, RecordExtractor<IN> extractor) {
        return new WriteAheadLogSupport<>(plan.open(), plan.encoder(extractor));
    }

    /** Shows the native writer's counters in {@code group} (see {@link SinkMetrics}). */
    public void registerMetrics(MetricGroup group) {
        new SinkMetrics(group, writer);
    }

    /**
     * Encodes an arriving record, so that bad input fails the job now instead of stalling the log,
     * and keeps its bytes for when its checkpoint is written (up to {@link #MAX_KEPT_BYTES}).
     */
    public void validate(IN record) {
        validation.clear();
        recordEncoder.encode(record, writer.encoder(), validation);
        if (arriving == null) {
            return;
        }
        if (keptBytes + validation.rowsSizeInBytes() > MAX_KEPT_BYTES) {
            LOG.info("More than {} bytes of encoded rows are pending: the rows of this checkpoint are encoded again "
                    + "when it is written", MAX_KEPT_BYTES);
            keptBytes -= arriving.bytes();
            arriving = null;
            return;
        }
        arriving.add(validation);
        keptBytes += validation.rowsSizeInBytes();
    }

    /** The records validated since the last call form pending checkpoint {@code checkpointId}. */
    public void snapshotTaken(long checkpointId) {
        if (arriving != null && arriving.rows() > 0) {
            pending.put(checkpointId, arriving);
        }
        arriving = new EncodedRows();
    }

    /**
     * Writes one pending checkpoint's records: checkpoint {@code checkpointId} of original subtask
     * {@code subtask}. True only when Cassandra acknowledged every one.
     */
    public boolean send(Iterable<IN> records, long checkpointId, int subtask, long checkpointTimestampMillis) {
        if (fatal != null) {
            return false;
        }
        Long failed = oldestFailed.get(subtask);
        if (failed != null && checkpointId > failed) {
            LOG.debug("Not writing checkpoint {} of subtask {} before its failed checkpoint {}", checkpointId, subtask, failed);
            return false;
        }
        try {
            writer.setTimestamps(Math.multiplyExact(checkpointTimestampMillis, 1000L));
            // The rows encoded on arrival, in the order of the records in the state; restored
            // checkpoints (none kept) are encoded here.
            EncodedRows kept = pending.get(checkpointId);
            int index = 0;
            for (IN record : records) {
                if (kept != null && index < kept.rows()) {
                    kept.addTo(writer, index);
                } else {
                    writer.add(record, recordEncoder);
                }
                index++;
            }
            if (kept != null && index != kept.rows()) {
                LOG.warn("Checkpoint {} holds {} records but {} rows were encoded on arrival", checkpointId, index, kept.rows());
            }
            writer.flush();
            if (kept != null) {
                pending.remove(checkpointId);
                keptBytes -= kept.bytes();
            }
            if (failed != null && checkpointId == failed) {
                oldestFailed.remove(subtask);
                attempts.remove(subtask);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            writer.discard();
            onFailure(e, checkpointId, subtask);
            return false;
        }
    }

    private void onFailure(Exception e, long checkpointId, int subtask) {
        failedAttempts++;
        CassandraConnectorException cause = connectorCause(e);
        if (cause == null || !cause.isTransient()) {
            fatal = new IOException("Writing checkpoint " + checkpointId + " of subtask " + subtask
                    + " to Cassandra failed permanently (retrying cannot succeed, the job fails instead of holding "
                    + "every later checkpoint): " + e.getMessage(), e);
            LOG.error("{}", fatal.getMessage());
            return;
        }
        Long failed = oldestFailed.get(subtask);
        if (failed == null || checkpointId < failed) {
            oldestFailed.put(subtask, checkpointId);
            attempts.put(subtask, 0);
        }
        int attempt = attempts.merge(subtask, 1, Integer::sum);
        if (attempt >= MAX_ATTEMPTS) {
            fatal = new IOException("Writing checkpoint " + checkpointId + " of subtask " + subtask + " to Cassandra failed "
                    + attempt + " times (at most " + MAX_ATTEMPTS + " attempts, one per checkpoint notification): "
                    + e.getMessage(), e);
            LOG.error("{}", fatal.getMessage());
            return;
        }
        LOG.warn("Writing checkpoint {} of subtask {} to Cassandra failed (attempt {} of {}); it is retried at the next "
                + "checkpoint notification: {}", checkpointId, subtask, attempt, MAX_ATTEMPTS, e.getMessage());
    }

    private static CassandraConnectorException connectorCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CassandraConnectorException) {
                return (CassandraConnectorException) t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Throws the permanent failure, if any: the sink calls it after a notification. */
    public void throwIfFailed() throws IOException {
        if (fatal != null) {
            throw fatal;
        }
    }

    /**
     * Throws when a checkpoint failed to be written and waits for a retry: called after the
     * notifications that follow the end of the input, which no later notification follows.
     */
    public void throwIfUnwritten() throws IOException {
        if (!oldestFailed.isEmpty()) {
            Map.Entry<Integer, Long> first = oldestFailed.entrySet().iterator().next();
            throw new IOException("Writing checkpoint " + first.getValue() + " of subtask " + first.getKey()
                    + " to Cassandra failed after the end of the input, when no later checkpoint notification retries it: "
                    + "failing the task so that its restart writes it");
        }
    }

    /** Failed write attempts (transient and permanent) since the sink opened. */
    public long failedAttempts() {
        return failedAttempts;
    }

    @Override
    public void close() {
        writer.close();
    }
}
