package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.util.Preconditions;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the {@link CassandraSinkBase} sinks, as in the official connector: how many writes
 * may be in flight, how long a record waits for a free slot, and whether null fields are left
 * unset instead of written as nulls.
 *
 * <p>Unlike the official connector, the default number of concurrent requests is not unbounded:
 * {@link #DEFAULT_MAX_CONCURRENT_REQUESTS} leaves the native writer's bounded default in force.
 */
@PublicEvolving
public final class CassandraSinkBaseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The official default ({@code Integer.MAX_VALUE}); here it means "the writer's own bound". */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = Integer.MAX_VALUE;

    /** The official default: wait for a free slot without a time limit. */
    public static final Duration DEFAULT_MAX_CONCURRENT_REQUESTS_TIMEOUT = Duration.ofMillis(Long.MAX_VALUE);

    /** By default null fields are written (as nulls, i.e. tombstones). */
    public static final boolean DEFAULT_IGNORE_NULL_FIELDS = false;

    private final int maxConcurrentRequests;
    private final Duration maxConcurrentRequestsTimeout;
    private final boolean ignoreNullFields;

    private CassandraSinkBaseConfig(int maxConcurrentRequests, Duration maxConcurrentRequestsTimeout, boolean ignoreNullFields) {
        Preconditions.checkArgument(maxConcurrentRequests > 0,
                "CassandraSinkBaseConfig: max concurrent requests must be positive, got %s", maxConcurrentRequests);
        Preconditions.checkNotNull(maxConcurrentRequestsTimeout,
                "CassandraSinkBaseConfig: max concurrent requests timeout must not be null");
        Preconditions.checkArgument(!maxConcurrentRequestsTimeout.isNegative(),
                "CassandraSinkBaseConfig: max concurrent requests timeout must not be negative, got %s",
                maxConcurrentRequestsTimeout);
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.maxConcurrentRequestsTimeout = maxConcurrentRequestsTimeout;
        this.ignoreNullFields = ignoreNullFields;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public Duration getMaxConcurrentRequestsTimeout() {
        return maxConcurrentRequestsTimeout;
    }

    public boolean getIgnoreNullFields() {
        return ignoreNullFields;
    }

    /**
     * These settings as the native writer's options. The official defaults (no bound, no time
     * limit) leave the writer's bounded defaults in force ({@link WriterSettings#DEFAULT_MAX_CONCURRENT_REQUESTS}
     * writes, a wait of at most two minutes for a slot).
     */
    SinkOptions toSinkOptions() {
        SinkOptions options = new SinkOptions().ignoreNullFields(ignoreNullFields);
        boolean boundSet = maxConcurrentRequests != DEFAULT_MAX_CONCURRENT_REQUESTS;
        boolean timeoutSet = !maxConcurrentRequestsTimeout.equals(DEFAULT_MAX_CONCURRENT_REQUESTS_TIMEOUT);
        if (boundSet || timeoutSet) {
            // A zero timeout (fail at once when no slot is free) becomes the smallest wait the writer takes.
            Duration wait = !timeoutSet ? null
                    : maxConcurrentRequestsTimeout.isZero() ? Duration.ofMillis(1) : maxConcurrentRequestsTimeout;
            options.maxConcurrentRequests(boundSet ? maxConcurrentRequests : WriterSettings.DEFAULT_MAX_CONCURRENT_REQUESTS, wait);
        }
        return options;
    }

    @Override
    public String toString() {
        return "CassandraSinkBaseConfig{maxConcurrentRequests=" + maxConcurrentRequests
                + ", maxConcurrentRequestsTimeout=" + maxConcurrentRequestsTimeout
                + ", ignoreNullFields=" + ignoreNullFields + '}';
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Builder of {@link CassandraSinkBaseConfig}; {@link #build()} checks the values. */
    @PublicEvolving
    public static class Builder {
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private Duration maxConcurrentRequestsTimeout = DEFAULT_MAX_CONCURRENT_REQUESTS_TIMEOUT;
        private boolean ignoreNullFields = DEFAULT_IGNORE_NULL_FIELDS;

        Builder() {}

        /** At most this many writes in flight per subtask; more records wait (backpressure). */
        public Builder setMaxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /** How long a record waits for a free slot before the sink fails. */
        public Builder setMaxConcurrentRequestsTimeout(Duration timeout) {
            this.maxConcurrentRequestsTimeout = timeout;
            return this;
        }

        /** Null fields leave their column as it is (unset) instead of writing a null (tombstone). */
        public Builder setIgnoreNullFields(boolean ignoreNullFields) {
            this.ignoreNullFields = ignoreNullFields;
            return this;
        }

        public CassandraSinkBaseConfig build() {
            return new CassandraSinkBaseConfig(maxConcurrentRequests, maxConcurrentRequestsTimeout, ignoreNullFields);
        }
    }
}
