package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The default: transient failures are retried 3 times with exponential backoff from 100 ms to
 * 5 s. Unlike the DataStax driver's policy of the same name, it also retries write timeouts of
 * idempotent writes (every plain INSERT/UPDATE is idempotent).
 */
@PublicEvolving
public final class DefaultRetryPolicy implements RetryPolicy {
    private static final long serialVersionUID = 1L;

    public static final DefaultRetryPolicy INSTANCE = new DefaultRetryPolicy();

    private DefaultRetryPolicy() {}

    private Object readResolve() {
        return INSTANCE;
    }

    @Override
    public int getMaxRetries() {
        return 3;
    }

    @Override
    public long getBaseDelayMs() {
        return 100;
    }

    @Override
    public long getMaxDelayMs() {
        return 5_000;
    }

    @Override
    public String toString() {
        return "DefaultRetryPolicy";
    }
}
