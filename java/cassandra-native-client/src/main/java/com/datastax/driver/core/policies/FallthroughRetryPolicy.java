package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

/** Never retries: the first failure is reported to the job (its failure handler). */
@PublicEvolving
public final class FallthroughRetryPolicy implements RetryPolicy {
    private static final long serialVersionUID = 1L;

    public static final FallthroughRetryPolicy INSTANCE = new FallthroughRetryPolicy();

    private FallthroughRetryPolicy() {}

    private Object readResolve() {
        return INSTANCE;
    }

    @Override
    public int getMaxRetries() {
        return 0;
    }

    @Override
    public long getBaseDelayMs() {
        return 100;
    }

    @Override
    public long getMaxDelayMs() {
        return 100;
    }

    @Override
    public String toString() {
        return "FallthroughRetryPolicy";
    }
}
