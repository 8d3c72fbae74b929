package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

/** No datacenter preference: every node is equally eligible (still token-aware natively). */
@PublicEvolving
public final class RoundRobinPolicy implements LoadBalancingPolicy {
    private static final long serialVersionUID = 1L;

    @Override
    public String getLocalDatacenter() {
        return null;
    }

    @Override
    public String toString() {
        return "RoundRobinPolicy";
    }
}
