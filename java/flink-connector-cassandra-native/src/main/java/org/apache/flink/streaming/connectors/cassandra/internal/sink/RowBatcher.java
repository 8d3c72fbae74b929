package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowEncoder;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;
import org.apache.flink.streaming.connectors.cassandra.internal.session.FlushTimeoutException;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeWriter;
import org.apache.flink.streaming.connectors.cassandra.internal.session.StatementIdempotence;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriteInterruptedException;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterMetrics;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Batches rows for the native pipeline, for every sink and output format: rows are checked and
 * encoded into one buffer, which crosses to the native pipeline ({@link NativeWriter}) in one
 * call when it is full. Opened from a {@link WritePlan}. Not thread-safe: one task thread uses it.
 *
 * <p>Failures of completed writes are passed to the {@link CassandraFailureHandler}, once per
 * kind of failure and report (the message says how many writes failed so): throwing there fails
 * the sink; returning drops those writes. Rows that are encoded but not yet sent stay in the
 * buffer through a failure report and are sent afterwards. A flush that timed out ({@link
 * FlushTimeoutException}) and an interrupted wait never go to the handler: they fail the flush.
 *
 * <p>Each row gets a client-side write timestamp when it is submitted (reused by its retries),
 * unless the options ask for server-side timestamps or {@link #setTimestamps} sets explicit ones.
 */
@Internal
public final class RowBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RowBatcher.class);

    private final NativeSession session;
    private final NativeStatement statement;
    private final NativeWriter writer;
    private final RowEncoder encoder;
    private final RowBuffer buffer;
    private final SinkOptions options;
    private final CassandraFailureHandler failureHandler;
    private long timestampMicros;
    private long rowsSubmitted;
    /** Guards reads of the native counters (reporter threads) against close (task thread). */
    private final Object metricsLock = new Object();
    private WriterMetrics lastMetrics;
    private long[] lastLatencyBuckets;

    private RowBatcher(
            NativeSession session, NativeStatement statement, NativeWriter writer, SinkOptions options,
            CassandraFailureHandler failureHandler) {
        this.session = session;
        this.statement = statement;
        this.writer = writer;
        this.encoder = statement.encoder();
        this.buffer = new RowBuffer(Math.min(options.batchBytes(), 1 << 20));
        this.options = options;
        this.failureHandler = failureHandler;
        this.timestampMicros = options.serverSideTimestamps() ? NativeContract.SERVER_TIMESTAMP : NativeContract.CLIENT_TIMESTAMP;
    }

    /**
     * Connects (sharing the session of equal settings), prepares {@code query} and opens a
     * pipeline. Sinks open through {@link WritePlan#open()}; tests that hold a {@link Cluster} call this.
     */
    public static RowBatcher open(
            Cluster cluster, String query, String keyspace, SinkOptions options,
            CassandraFailureHandler failureHandler) {
        NativeSession session = NativeSession.open(cluster.connectionSettings());
        NativeStatement statement = null;
        try {
            statement = session.prepare(query, keyspace);
            NativeWriter writer = NativeWriter.create(statement, writerSettings(
                    cluster, options, query, statement.metadata(), statement.encoder().primaryKeyColumns()));
            LOG.info("Writing to Cassandra with '{}' ({}, {})", query, cluster.connectionSettings(), options);
            return new RowBatcher(session, statement, writer, options, failureHandler);
        } catch (RuntimeException e) {
            closeQuietly(statement);
            closeQuietly(session);
            throw e;
        }
    }

    /**
     * The pipeline's settings: the connection's defaults, the sink's options, and idempotent(false)
     * for a statement that is not safe to repeat (counter update, list append, IF, now(), ...; see
     * {@link StatementIdempotence}), which must not be retried after a timeout because the first
     * attempt may have been applied. An explicit {@link SinkOptions#idempotent()} wins.
     */
    static WriterSettings writerSettings(
            Cluster cluster, SinkOptions options, String query, StatementMetadata statement) {
        return writerSettings(cluster, options, query, statement, statement.partitionKeyIndexes());
    }

    /**
     * Like {@link #writerSettings(Cluster, SinkOptions, String, StatementMetadata)}, with the batch
     * grouping of the options; {@code primaryKeyColumns} are the positions of the values that
     * identify a row. A statement that is not safe to repeat is never grouped (a counter update
     * needs a COUNTER batch, conditional updates in one batch apply or fail together).
     */
    static WriterSettings writerSettings(
            Cluster cluster, SinkOptions options, String query, StatementMetadata statement,
            int[] primaryKeyColumns) {
        WriterSettings.Builder settings = cluster.writerDefaults().toBuilder();
        String notIdempotent = StatementIdempotence.nonIdempotentReason(query, statement);
        if (options.batchGrouping() != BatchGrouping.NONE) {
            if (notIdempotent != null) {
                LOG.info("Rows of '{}' are written one by one, not grouped into batches: {}", query, notIdempotent);
            } else {
                settings.batchGrouping(
                        options.batchGrouping() == BatchGrouping.PARTITION
                                ? NativeContract.BATCH_GROUPING_PARTITION
                                : NativeContract.BATCH_GROUPING_REPLICA_SET,
                        options.groupMaxRows(), options.groupMaxBytes(), primaryKeyColumns);
            }
        }
        if (options.idempotent() != null) {
            settings.idempotent(options.idempotent());
        } else if (notIdempotent != null) {
            LOG.info("Timed-out writes of '{}' are not retried: {}", query, notIdempotent);
            settings.idempotent(false);
        }
        if (options.consistency() != null) {
            settings.consistency(options.consistency());
        }
        if (options.maxRowsPerSecond() != null) {
            settings.maxRowsPerSecond(options.maxRowsPerSecond());
        }
        if (options.maxBytesPerSecond() != null) {
            settings.maxBytesPerSecond(options.maxBytesPerSecond());
        }
        if (options.maxConcurrentRequests() != null) {
            settings.maxConcurrentRequests(options.maxConcurrentRequests());
        }
        if (options.maxWait() != null) {
            settings.maxWait(options.maxWait());
        }
        if (options.maxRetries() != null) {
            settings.maxRetries(options.maxRetries());
        }
        if (options.flushTimeout() != null) {
            settings.flushTimeout(options.flushTimeout());
        }
        if (options.consistency() != null) {
            settings.consistency(options.consistency());
        }
        return settings.build();
    }

    public RowEncoder encoder() {
        return encoder;
    }

    public NativeStatement statement() {
        return statement;
    }

    /**
     * Gives the rows added from now on explicit write times: the next row is written at {@code
     * firstMicros} (µs since the epoch) and each row after it one µs later, so that of two rows
     * for one key the later wins, also when the same rows are written again.
     * {@link NativeContract#SERVER_TIMESTAMP} lets the server choose, {@link
     * NativeContract#CLIENT_TIMESTAMP} stamps each row when it is submitted. Sends the buffer first.
     */
    public void setTimestamps(long firstMicros) throws IOException {
        sendBuffer();
        timestampMicros = firstMicros;
    }

    /**
     * Checks and encodes one row; sends the buffer when it is full. An invalid row throws
     * {@link org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException}
     * and leaves the rows before it in place.
     */
    public void add(Object[] values) throws IOException {
        encoder.encodeRow(values, buffer);
        sendIfFull();
    }

    /** Encodes one record with {@code records} (see {@link #add(Object[])}). */
    public <IN> void add(IN record, RecordEncoder<IN> records) throws IOException {
        records.encode(record, encoder, buffer);
        sendIfFull();
    }

    /** Adds one row encoded earlier by this batcher's statement (see {@link EncodedRows}). */
    void addEncoded(byte[] row, int offset, int length) throws IOException {
        buffer.putEncodedRow(row, offset, length);
        sendIfFull();
    }

    private void sendIfFull() throws IOException {
        if (buffer.rowCount() >= options.batchRows() || buffer.sizeInBytes() >= options.batchBytes()) {
            sendBuffer();
        }
    }

    public int bufferedRows() {
        return buffer.rowCount();
    }

    /**
     * Hands the buffered rows to the native pipeline in one call (waiting only while its queue is
     * full); failures of earlier writes go to the failure handler first.
     */
    public void sendBuffer() throws IOException {
        if (buffer.rowCount() == 0) {
            return;
        }
        int rows = buffer.rowCount();
        boolean explicit = timestampMicros != NativeContract.SERVER_TIMESTAMP && timestampMicros != NativeContract.CLIENT_TIMESTAMP;
        try {
            writer.submit(buffer, timestampMicros, explicit ? 1 : 0, failureHandler::onFailure);
        } catch (WriteInterruptedException e) {
            throw interrupted(e);
        }
        if (explicit) {
            timestampMicros += rows;
        }
        rowsSubmitted += rows;
        buffer.clear();
    }

    /**
     * Sends the buffer and waits until every write is acknowledged or reported to the handler.
     *
     * @throws IOException when the handler rethrows a failure, when no write completed within the
     *     flush timeout (never handed to the handler: the checkpoint must fail), or when the
     *     thread was interrupted (task cancellation)
     */
    public void flush() throws IOException {
        sendBuffer();
        try {
            writer.flush(failureHandler::onFailure);
        } catch (FlushTimeoutException e) {
            throw new IOException("Flushing the Cassandra sink failed: " + e.getMessage(), e);
        } catch (WriteInterruptedException e) {
            throw interrupted(e);
        }
    }

    private static InterruptedIOException interrupted(WriteInterruptedException e) {
        InterruptedIOException io = new InterruptedIOException(e.getMessage());
        io.initCause(e);
        return io;
    }

    /**
     * Drops the unsent rows and waits for the writes in flight, forgetting their failures: after
     * a failed attempt that will be repeated as a whole.
     */
    public void discard() {
        buffer.clear();
        try {
            writer.flush(failure -> LOG.debug("Failures of a discarded attempt: {}", failure.getMessage()));
        } catch (IOException | CassandraConnectorException e) {
            LOG.warn("Writes of a discarded attempt did not all complete: {}", e.getMessage());
        }
    }

    public long rowsSubmitted() {
        return rowsSubmitted;
    }

    /** The native counters as of this thread's last send or flush (no JNI call). */
    public WriterMetrics lastMetrics() {
        return writer.lastMetrics();
    }

    /** The native counters; after {@link #close()}, their last values (metric reporters may ask late). */
    public WriterMetrics metrics() {
        synchronized (metricsLock) {
            if (!writer.isClosed()) {
                lastMetrics = writer.metrics();
            }
            return lastMetrics;
        }
    }

    /** The latency histogram's buckets; after {@link #close()}, their last values. */
    public long[] latencyBuckets() {
        synchronized (metricsLock) {
            if (!writer.isClosed()) {
                lastLatencyBuckets = writer.latencyBuckets();
            }
            return lastLatencyBuckets;
        }
    }

    /** Releases the pipeline and the session reference; unsent rows are dropped (not acknowledged). */
    @Override
    public void close() {
        if (buffer.rowCount() > 0) {
            LOG.info("Closing with {} unsent rows (they were never acknowledged)", buffer.rowCount());
        }
        synchronized (metricsLock) {
            if (!writer.isClosed()) {
                lastMetrics = writer.metrics();
                lastLatencyBuckets = writer.latencyBuckets();
            }
            closeQuietly(writer);
        }
        closeQuietly(statement);
        closeQuietly(session);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Error while closing {}", closeable, e);
        }
    }
}
