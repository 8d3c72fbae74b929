package com.datastax.driver.core.policies;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Prefers the nodes of one datacenter, as in the DataStax driver:
 * {@code DCAwareRoundRobinPolicy.builder().withLocalDc("dc1").build()}. The name is checked when
 * the session opens: a datacenter the cluster does not have fails naming the ones it has. Without
 * a local datacenter no datacenter is preferred. Routing is token-aware in any case.
 */
@PublicEvolving
public final class DCAwareRoundRobinPolicy implements LoadBalancingPolicy {
    private static final long serialVersionUID = 1L;

    private final String localDc;

    private DCAwareRoundRobinPolicy(String localDc) {
        this.localDc = localDc;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String getLocalDatacenter() {
        return localDc;
    }

    @Override
    public String toString() {
        return "DCAwareRoundRobinPolicy{localDc=" + localDc + '}';
    }

    /** Builder of {@link DCAwareRoundRobinPolicy}. */
    public static final class Builder {
        private String localDc;

        private Builder() {}

        public Builder withLocalDc(String localDc) {
            if (localDc == null || localDc.trim().isEmpty()) {
                throw new CassandraConfigurationException("DCAwareRoundRobinPolicy.localDc: must not be empty");
            }
            this.localDc = localDc.trim();
            return this;
        }

        /** Accepted for compatibility; remote nodes are used only by the native failover rules. */
        public Builder withUsedHostsPerRemoteDc(int usedHostsPerRemoteDc) {
            if (usedHostsPerRemoteDc < 0) {
                throw new CassandraConfigurationException(
                        "DCAwareRoundRobinPolicy.usedHostsPerRemoteDc: must not be negative, got " + usedHostsPerRemoteDc);
            }
            return this;
        }

        /** Accepted for compatibility. */
        public Builder allowRemoteDCsForLocalConsistencyLevel() {
            return this;
        }

        public DCAwareRoundRobinPolicy build() {
            return new DCAwareRoundRobinPolicy(localDc);
        }
    }
}
