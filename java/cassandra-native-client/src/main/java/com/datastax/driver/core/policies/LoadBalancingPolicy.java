package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Which nodes requests go to. The native core always routes token-aware (to a replica of the
 * partition) and prefers nodes of the local datacenter when one is named; a policy here only
 * chooses that datacenter: {@link DCAwareRoundRobinPolicy}, {@link TokenAwarePolicy} around it, or
 * {@link RoundRobinPolicy} (all datacenters alike).
 */
@PublicEvolving
public interface LoadBalancingPolicy extends Serializable {
    /** The datacenter whose nodes are preferred, or null for none. */
    String getLocalDatacenter();
}
