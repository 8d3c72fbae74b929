package com.datastax.driver.core.policies;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The same delay between every attempt, as in the DataStax driver. As a {@link RetryPolicy} it
 * retries a failed write {@value #RETRIES} times, waiting this delay each time.
 */
@PublicEvolving
public final class ConstantReconnectionPolicy implements ReconnectionPolicy, RetryPolicy {
    private static final long serialVersionUID = 1L;

    /** Retries when used as a retry policy. */
    public static final int RETRIES = 3;

    private final long delayMs;

    public ConstantReconnectionPolicy(long constantDelayMs) {
        if (constantDelayMs <= 0) {
            throw new CassandraConfigurationException(
                    "ConstantReconnectionPolicy: the delay must be positive, got " + constantDelayMs);
        }
        this.delayMs = constantDelayMs;
    }

    public long getConstantDelayMs() {
        return delayMs;
    }

    @Override
    public long getBaseDelayMs() {
        return delayMs;
    }

    @Override
    public long getMaxDelayMs() {
        return delayMs;
    }

    @Override
    public int getMaxRetries() {
        return RETRIES;
    }

    @Override
    public String toString() {
        return "ConstantReconnectionPolicy{" + delayMs + " ms}";
    }
}
