package com.datastax.driver.core.policies;

import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Exponential backoff from a base delay up to a maximum, as in the DataStax driver.
 *
 * <p>Used with {@link Cluster.Builder#withReconnectionPolicy} it schedules reconnections. It is
 * also a {@link RetryPolicy} (the official connector's examples pass it to {@code
 * withRetryPolicy}): failed writes are then retried with delays base, 2·base, 4·base, ... capped at
 * the maximum, as many times as it takes to reach the cap once (at least {@value
 * #MIN_RETRIES}); for {@code (1000, 10000)} that is 5 retries after 1, 2, 4, 8 and 10 s. Unless a
 * reconnection policy is set as well, the same schedule is used for reconnection.
 */
@PublicEvolving
public final class ExponentialReconnectionPolicy implements ReconnectionPolicy, RetryPolicy {
    private static final long serialVersionUID = 1L;

    /** The least number of retries when used as a retry policy. */
    public static final int MIN_RETRIES = 3;

    private final long baseDelayMs;
    private final long maxDelayMs;

    public ExponentialReconnectionPolicy(long baseDelayMs, long maxDelayMs) {
        if (baseDelayMs <= 0 || maxDelayMs < baseDelayMs) {
            throw new CassandraConfigurationException(
                    "ExponentialReconnectionPolicy: need 0 < baseDelayMs <= maxDelayMs, got "
                            + baseDelayMs + " and " + maxDelayMs);
        }
        this.baseDelayMs = baseDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    @Override
    public long getBaseDelayMs() {
        return baseDelayMs;
    }

    @Override
    public long getMaxDelayMs() {
        return maxDelayMs;
    }

    @Override
    public int getMaxRetries() {
        int retries = 1;
        for (long delay = baseDelayMs; delay < maxDelayMs; delay *= 2) {
            retries++;
        }
        return Math.max(MIN_RETRIES, retries);
    }

    @Override
    public String toString() {
        return "ExponentialReconnectionPolicy{" + baseDelayMs + ".." + maxDelayMs + " ms}";
    }
}
