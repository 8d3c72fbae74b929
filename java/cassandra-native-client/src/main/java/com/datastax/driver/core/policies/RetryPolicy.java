package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * How often and with which backoff a write that failed transiently (timeout, unavailable,
 * overloaded, broken connection) is sent again. Non-transient failures (invalid query, bad
 * credentials) are never retried, and non-idempotent writes are not retried after a timeout.
 *
 * <p>Implementations: {@link DefaultRetryPolicy#INSTANCE}, {@link FallthroughRetryPolicy#INSTANCE}
 * and, for jobs written as in the official connector's examples, {@link
 * ExponentialReconnectionPolicy} and {@link ConstantReconnectionPolicy}.
 */
@PublicEvolving
public interface RetryPolicy extends Serializable {
    /** Retries after the first attempt (0: none). */
    int getMaxRetries();

    /** The delay before the first retry, in milliseconds. */
    long getBaseDelayMs();

    /** The cap of the doubling delay, in milliseconds. */
    long getMaxDelayMs();
}
