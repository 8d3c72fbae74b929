package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * The delays between attempts to reconnect to a node that went down: starting at
 * {@link #getBaseDelayMs()}, doubling, capped at {@link #getMaxDelayMs()}.
 */
@PublicEvolving
public interface ReconnectionPolicy extends Serializable {
    long getBaseDelayMs();

    long getMaxDelayMs();
}
