package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConsistencyLevels;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;

/**
 * How a sink batches and bounds its writes. Rows are encoded into a buffer that crosses to the
 * native side in one call when it holds {@code batchRows} rows or {@code batchBytes} bytes, or
 * when the oldest row has waited {@code linger}.
 */
@Internal
public final class SinkOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_ROWS = 1_000;
    public static final int DEFAULT_BATCH_BYTES = 4 << 20;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(20);

    private Integer maxConcurrentRequests;
    private Duration maxWait;
    private int batchRows = DEFAULT_BATCH_ROWS;
    private int batchBytes = DEFAULT_BATCH_BYTES;
    private long lingerMillis = DEFAULT_LINGER.toMillis();
    private boolean ignoreNullFields;
    private Integer maxRetries;
    /** Null: decided from the statement (see {@code StatementIdempotence}). */
    private Boolean idempotent;
    private boolean serverSideTimestamps;
    private Duration flushTimeout;
    /** Null: the connection's default (its query options). */
    private String consistency;
    /** Null: unlimited. */
    private Long maxRowsPerSecond;
    private Long maxBytesPerSecond;
    private BatchGrouping batchGrouping = BatchGrouping.NONE;
    private int groupMaxRows = WriterSettings.DEFAULT_BATCH_MAX_ROWS;
    private int groupMaxBytes = WriterSettings.DEFAULT_BATCH_MAX_BYTES;

    public SinkOptions maxConcurrentRequests(int n, Duration wait) {
        if (n < 1) {
            throw new CassandraConfigurationException("setMaxConcurrentRequests: must be at least 1, got " + n);
        }
        if (wait != null && (wait.isNegative() || wait.isZero())) {
            throw new CassandraConfigurationException("setMaxConcurrentRequests: the timeout must be positive, got " + wait);
        }
        this.maxConcurrentRequests = n;
        this.maxWait = wait;
        return this;
    }

    public SinkOptions batchRows(int rows) {
        if (rows < 1) {
            throw new CassandraConfigurationException("batch size: must be at least 1 row, got " + rows);
        }
        this.batchRows = rows;
        return this;
    }

    public SinkOptions linger(Duration linger) {
        if (linger.isNegative()) {
            throw new CassandraConfigurationException("linger: must not be negative, got " + linger);
        }
        this.lingerMillis = linger.toMillis();
        return this;
    }

    public SinkOptions maxRetries(int retries) {
        if (retries < 0) {
            throw new CassandraConfigurationException("max retries: must not be negative, got " + retries);
        }
        this.maxRetries = retries;
        return this;
    }

    /** Whether the statement is safe to retry after a timeout, overriding what the sink detects. */
    public SinkOptions idempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    /**
     * Whether the server assigns each row's write time when it applies it (then a retried write
     * may overwrite a newer one of the same key) instead of the client when the row is submitted.
     */
    public SinkOptions serverSideTimestamps(boolean server) {
        this.serverSideTimestamps = server;
        return this;
    }

    public SinkOptions flushTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CassandraConfigurationException("setFlushTimeout: must be positive, got " + timeout);
        }
        this.flushTimeout = timeout;
        return this;
    }

    /** An independent copy: a {@link WritePlan} keeps one, so later changes to the builder's options do not leak in. */
    public SinkOptions copy() {
        // a serialization round trip: every field is copied, including ones added later
        try {
            return InstantiationUtil.clone(this);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Could not copy the sink options", e);
        }
    }

    /** The consistency of the writes (a CQL level name), instead of the connection's default. */
    public SinkOptions consistency(String level) {
        this.consistency = ConsistencyLevels.check("consistency", level);
        return this;
    }

    /** At most {@code rows} rows per second (per subtask: each pipeline enforces its own). */
    public SinkOptions maxRowsPerSecond(long rows) {
        if (rows < 1) {
            throw new CassandraConfigurationException("setMaxRowsPerSecond: must be at least 1, got " + rows);
        }
        this.maxRowsPerSecond = rows;
        return this;
    }

    /** At most {@code bytes} value bytes per second (per subtask). */
    public SinkOptions maxBytesPerSecond(long bytes) {
        if (bytes < 1) {
            throw new CassandraConfigurationException("setMaxBytesPerSecond: must be at least 1, got " + bytes);
        }
        this.maxBytesPerSecond = bytes;
        return this;
    }

    /** Which rows go together as one UNLOGGED batch (see {@link BatchGrouping}). */
    public SinkOptions batchGrouping(BatchGrouping grouping) {
        if (grouping == null) {
            throw new CassandraConfigurationException("setBatchGrouping: the grouping must not be null");
        }
        this.batchGrouping = grouping;
        return this;
    }

    /** The bounds of one grouped batch: rows and value bytes (with their 4-byte lengths). */
    public SinkOptions batchGroupLimits(int maxRows, int maxBytes) {
        if (maxRows < 1 || maxRows > Short.MAX_VALUE) {
            throw new CassandraConfigurationException(
                    "setBatchGroupLimits: rows per batch must be 1 to " + Short.MAX_VALUE + ", got " + maxRows);
        }
        if (maxBytes < 1) {
            throw new CassandraConfigurationException("setBatchGroupLimits: bytes per batch must be at least 1, got " + maxBytes);
        }
        this.groupMaxRows = maxRows;
        this.groupMaxBytes = maxBytes;
        return this;
    }

    public BatchGrouping batchGrouping() {
        return batchGrouping;
    }

    public int groupMaxRows() {
        return groupMaxRows;
    }

    public int groupMaxBytes() {
        return groupMaxBytes;
    }

    /** The row rate limit, or null for none. */
    public Long maxRowsPerSecond() {
        return maxRowsPerSecond;
    }

    /** The byte rate limit, or null for none. */
    public Long maxBytesPerSecond() {
        return maxBytesPerSecond;
    }

    /** The explicit consistency, or null for the connection's default. */
    public String consistency() {
        return consistency;
    }

    public SinkOptions ignoreNullFields(boolean ignore) {
        this.ignoreNullFields = ignore;
        return this;
    }

    public Integer maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public Duration maxWait() {
        return maxWait;
    }

    public Integer maxRetries() {
        return maxRetries;
    }

    /** The explicit idempotence, or null to detect it from the statement. */
    public Boolean idempotent() {
        return idempotent;
    }

    public boolean serverSideTimestamps() {
        return serverSideTimestamps;
    }

    public Duration flushTimeout() {
        return flushTimeout;
    }

    public int batchRows() {
        return batchRows;
    }

    public int batchBytes() {
        return batchBytes;
    }

    public long lingerMillis() {
        return lingerMillis;
    }

    public boolean ignoreNullFields() {
        return ignoreNullFields;
    }

    @Override
    public String toString() {
        return "SinkOptions{maxConcurrentRequests=" + (maxConcurrentRequests == null ? "default" : maxConcurrentRequests)
                + ", maxWait=" + (maxWait == null ? "default" : maxWait)
                + ", maxRetries=" + (maxRetries == null ? "default" : maxRetries)
                + ", idempotent=" + (idempotent == null ? "detected" : idempotent)
                + ", batchRows=" + batchRows + ", batchBytes=" + batchBytes + ", lingerMs=" + lingerMillis
                + ", ignoreNullFields=" + ignoreNullFields
                + ", timestamps=" + (serverSideTimestamps ? "server" : "client")
                + ", flushTimeout=" + (flushTimeout == null ? "default" : flushTimeout)
                + ", consistency=" + (consistency == null ? "default" : consistency)
                + (maxRowsPerSecond == null ? "" : ", maxRowsPerSecond=" + maxRowsPerSecond)
                + (maxBytesPerSecond == null ? "" : ", maxBytesPerSecond=" + maxBytesPerSecond)
                + (batchGrouping == BatchGrouping.NONE ? "" : ", batchGrouping=" + batchGrouping
                        + " (<= " + groupMaxRows + " rows, " + groupMaxBytes + " bytes)") + '}';
    }
}
