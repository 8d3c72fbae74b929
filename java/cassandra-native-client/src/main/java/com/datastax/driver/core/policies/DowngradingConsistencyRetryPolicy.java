package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Accepted for jobs written for the DataStax 3.x driver: retries as {@link DefaultRetryPolicy}
 * does (3 times, 100 ms to 5 s backoff) but never lowers the consistency level. The driver's
 * policy retried at a lower level, silently weakening the guarantee the job asked for (driver 4
 * deprecated it for that reason); a write that cannot reach its consistency fails instead.
 */
@PublicEvolving
public final class DowngradingConsistencyRetryPolicy implements RetryPolicy {
    private static final long serialVersionUID = 1L;

    public static final DowngradingConsistencyRetryPolicy INSTANCE = new DowngradingConsistencyRetryPolicy();

    private DowngradingConsistencyRetryPolicy() {}

    private Object readResolve() {
        return INSTANCE;
    }

    @Override
    public int getMaxRetries() {
        return DefaultRetryPolicy.INSTANCE.getMaxRetries();
    }

    @Override
    public long getBaseDelayMs() {
        return DefaultRetryPolicy.INSTANCE.getBaseDelayMs();
    }

    @Override
    public long getMaxDelayMs() {
        return DefaultRetryPolicy.INSTANCE.getMaxDelayMs();
    }

    @Override
    public String toString() {
        return "DowngradingConsistencyRetryPolicy(retries as DefaultRetryPolicy, consistency never lowered)";
    }
}
