package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;
import org.apache.flink.streaming.connectors.cassandra.internal.util.JsonWriter;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of one native write pipeline: the in-flight window (backpressure), retries of
 * transient failures with exponential backoff, and the consistency of the writes.
 *
 * <p>Internal.
 */
@Internal
public final class WriterSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 256;
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Submitted batches waiting for the native driving task, besides the one it is sending. */
    static final int QUEUE_BATCHES = 2;
    /**
     * Rows of one grouped UNLOGGED batch at most: past a few dozen rows a batch saves little more
     * and only delays its rows.
     */
    public static final int DEFAULT_BATCH_MAX_ROWS = 64;
    /**
     * Value bytes of one grouped batch at most: under Cassandra's default {@code
     * batch_size_warn_threshold} of 5 KiB, so grouped batches never fill the server's log.
     */
    public static final int DEFAULT_BATCH_MAX_BYTES = 4 << 10;
    /** The most statements one BATCH frame can carry (a signed short). */
    static final int MAX_BATCH_ROWS = Short.MAX_VALUE;

    private final int maxConcurrentRequests;
    private final int maxRetries;
    private final long retryBaseDelayMillis;
    private final long retryMaxDelayMillis;
    private final String consistency;
    private final String serialConsistency;
    private final boolean idempotent;
    private final long maxWaitMillis;
    private final Long flushTimeoutMillis;
    private final Long maxRowsPerSecond;
    private final Long maxBytesPerSecond;
    private final String batchGrouping;
    private final int batchMaxRows;
    private final int batchMaxBytes;
    private final int[] primaryKeyColumns;

    private WriterSettings(Builder b) {
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelayMillis = b.retryBaseDelayMillis;
        this.retryMaxDelayMillis = b.retryMaxDelayMillis;
        this.consistency = b.consistency;
        this.serialConsistency = b.serialConsistency;
        this.idempotent = b.idempotent;
        this.maxWaitMillis = b.maxWaitMillis;
        this.flushTimeoutMillis = b.flushTimeoutMillis;
        this.maxRowsPerSecond = b.maxRowsPerSecond;
        this.maxBytesPerSecond = b.maxBytesPerSecond;
        this.batchGrouping = b.batchGrouping;
        this.batchMaxRows = b.batchMaxRows;
        this.batchMaxBytes = b.batchMaxBytes;
        this.primaryKeyColumns = b.primaryKeyColumns.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WriterSettings defaults() {
        return builder().build();
    }

    /** A builder holding these settings, to derive variants. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.maxRetries = maxRetries;
        b.retryBaseDelayMillis = retryBaseDelayMillis;
        b.retryMaxDelayMillis = retryMaxDelayMillis;
        b.consistency = consistency;
        b.serialConsistency = serialConsistency;
        b.idempotent = idempotent;
        b.maxWaitMillis = maxWaitMillis;
        b.flushTimeoutMillis = flushTimeoutMillis;
        b.maxRowsPerSecond = maxRowsPerSecond;
        b.maxBytesPerSecond = maxBytesPerSecond;
        b.batchGrouping = batchGrouping;
        b.batchMaxRows = batchMaxRows;
        b.batchMaxBytes = batchMaxBytes;
        b.primaryKeyColumns = primaryKeyColumns.clone();
        return b;
    }

    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public String consistency() {
        return consistency;
    }

    /** How long a submit may wait for room in the writer's queue. */
    public long maxWaitMillis() {
        return maxWaitMillis;
    }

    public boolean idempotent() {
        return idempotent;
    }

    /** One of {@code NativeContract.BATCH_GROUPING_*}. */
    public String batchGrouping() {
        return batchGrouping;
    }

    /** The document the native side parses: every field, named as the Rust fields are. */
    String toJson() {
        return new JsonWriter()
                .field("maxConcurrentRequests", maxConcurrentRequests)
                .field("maxRetries", maxRetries)
                .field("retryBaseDelayMillis", retryBaseDelayMillis)
                .field("retryMaxDelayMillis", retryMaxDelayMillis)
                .field("consistency", consistency)
                .field("serialConsistency", serialConsistency)
                .field("idempotent", idempotent)
                .field("maxWaitMillis", maxWaitMillis)
                .field("flushTimeoutMillis", flushTimeoutMillis)
                .field("queueBatches", QUEUE_BATCHES)
                .field("maxRowsPerSecond", maxRowsPerSecond)
                .field("maxBytesPerSecond", maxBytesPerSecond)
                .field("batchGrouping", batchGrouping)
                .field("batchMaxRows", batchMaxRows)
                .field("batchMaxBytes", batchMaxBytes)
                .field("primaryKeyColumns", primaryKeyColumns)
                .toJson();
    }

    @Override
    public String toString() {
        return "WriterSettings" + toJson();
    }

    /** Validating builder; each setter names the setting it rejects. */
    public static final class Builder {
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private long retryBaseDelayMillis = 100;
        private long retryMaxDelayMillis = 5_000;
        private String consistency = NativeSession.DEFAULT_CONSISTENCY;
        private String serialConsistency;
        private boolean idempotent = true;
        private long maxWaitMillis = 120_000;
        private Long flushTimeoutMillis;
        private Long maxRowsPerSecond;
        private Long maxBytesPerSecond;
        private String batchGrouping = NativeContract.BATCH_GROUPING_NONE;
        private int batchMaxRows = DEFAULT_BATCH_MAX_ROWS;
        private int batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
        private int[] primaryKeyColumns = new int[0];

        private Builder() {}

        public Builder maxConcurrentRequests(int n) {
            if (n < 1) {
                throw new CassandraConfigurationException("maxConcurrentRequests: must be at least 1, got " + n);
            }
            this.maxConcurrentRequests = n;
            return this;
        }

        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new CassandraConfigurationException("maxRetries: must not be negative, got " + n);
            }
            this.maxRetries = n;
            return this;
        }

        public Builder retryDelays(Duration base, Duration max) {
            if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
                throw new CassandraConfigurationException(
                        "retry delays: need 0 < base <= max, got base " + base + " and max " + max);
            }
            this.retryBaseDelayMillis = base.toMillis();
            this.retryMaxDelayMillis = max.toMillis();
            return this;
        }

        public Builder consistency(String level) {
            this.consistency = ConsistencyLevels.check("consistency", level);
            return this;
        }

        public Builder serialConsistency(String level) {
            this.serialConsistency = level == null ? null : ConsistencyLevels.check("serial consistency", level);
            return this;
        }

        /** Non-idempotent statements (counter updates, appends) are not retried after timeouts. */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** How long a write may wait for room in the window before it fails. */
        public Builder maxWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new CassandraConfigurationException("max wait for a write slot: must be positive, got " + wait);
            }
            this.maxWaitMillis = wait.toMillis();
            return this;
        }

        /**
         * How long a flush may go without any write completing before it fails (the checkpoint
         * then fails, whatever the failure handler says). By default long enough for one write
         * that uses every retry: (request timeout + max retry delay) x (retries + 1) + 5 s.
         */
        public Builder flushTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new CassandraConfigurationException("flush timeout: must be positive, got " + timeout);
            }
            this.flushTimeoutMillis = timeout.toMillis();
            return this;
        }

        /** Rows the pipeline starts per second at most (retries not counted); enforced natively. */
        public Builder maxRowsPerSecond(long rows) {
            this.maxRowsPerSecond = positive("maxRowsPerSecond", rows);
            return this;
        }

        /** Value bytes (length prefixes included) the pipeline starts per second at most. */
        public Builder maxBytesPerSecond(long bytes) {
            this.maxBytesPerSecond = positive("maxBytesPerSecond", bytes);
            return this;
        }

        /**
         * Sends the rows of one submitted batch that share a partition ({@code
         * NativeContract.BATCH_GROUPING_PARTITION}) or a replica set ({@code ..._REPLICA_SET}) as
         * UNLOGGED batches of at most {@code maxRows} rows and {@code maxBytes} value bytes;
         * {@code primaryKeyColumns} are the positions of the values that identify a row (rows equal
         * in them never share a batch, which has one write timestamp).
         */
        public Builder batchGrouping(String grouping, int maxRows, int maxBytes, int[] primaryKeyColumns) {
            if (!grouping.equals(NativeContract.BATCH_GROUPING_NONE)
                    && !grouping.equals(NativeContract.BATCH_GROUPING_PARTITION)
                    && !grouping.equals(NativeContract.BATCH_GROUPING_REPLICA_SET)) {
                throw new CassandraConfigurationException("batch grouping: unknown mode '" + grouping + "'");
            }
            if (maxRows < 1 || maxRows > MAX_BATCH_ROWS) {
                throw new CassandraConfigurationException(
                        "batch grouping: at most 1 to " + MAX_BATCH_ROWS + " rows per batch, got " + maxRows);
            }
            if (maxBytes < 1) {
                throw new CassandraConfigurationException(
                        "batch grouping: the bytes per batch must be at least 1, got " + maxBytes);
            }
            this.batchGrouping = grouping;
            this.batchMaxRows = maxRows;
            this.batchMaxBytes = maxBytes;
            this.primaryKeyColumns = primaryKeyColumns.clone();
            return this;
        }

        private static long positive(String setting, long value) {
            if (value < 1) {
                throw new CassandraConfigurationException(setting + ": must be at least 1, got " + value);
            }
            return value;
        }

        public WriterSettings build() {
            return new WriterSettings(this);
        }
    }
}
