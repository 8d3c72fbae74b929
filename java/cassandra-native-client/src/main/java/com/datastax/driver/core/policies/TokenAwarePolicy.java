package com.datastax.driver.core.policies;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * Token awareness is always on in the native core (requests go to a replica of their partition),
 * so this wrapper only passes on its child's local datacenter; it exists so that jobs written for
 * the DataStax driver compile unchanged.
 */
@PublicEvolving
public final class TokenAwarePolicy implements LoadBalancingPolicy {
    private static final long serialVersionUID = 1L;

    private final LoadBalancingPolicy childPolicy;

    public TokenAwarePolicy(LoadBalancingPolicy childPolicy) {
        this.childPolicy = Objects.requireNonNull(childPolicy, "TokenAwarePolicy: child policy");
    }

    /** The replica order flag of the driver is accepted and ignored. */
    public TokenAwarePolicy(LoadBalancingPolicy childPolicy, boolean shuffleReplicas) {
        this(childPolicy);
    }

    public LoadBalancingPolicy getChildPolicy() {
        return childPolicy;
    }

    @Override
    public String getLocalDatacenter() {
        return childPolicy.getLocalDatacenter();
    }

    @Override
    public String toString() {
        return "TokenAwarePolicy(" + childPolicy + ')';
    }
}
