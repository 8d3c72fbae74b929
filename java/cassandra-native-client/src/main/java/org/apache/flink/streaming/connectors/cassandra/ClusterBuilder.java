package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Configures the connection to Cassandra, as in the official connector:
 *
 * <pre>{@code
 * ClusterBuilder builder = new ClusterBuilder() {
 *     @Override
 *     protected Cluster buildCluster(Cluster.Builder builder) {
 *         return builder.addContactPoint("127.0.0.1").withPort(9042).build();
 *     }
 * };
 * }</pre>
 *
 * <p>Instances are serialized into the job graph, so subclasses must be serializable (anonymous
 * classes in a static context are).
 */
@PublicEvolving
public abstract class ClusterBuilder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Builds the cluster configuration; called on the task managers. */
    public Cluster getCluster() {
        return buildCluster(Cluster.builder());
    }

    /**
     * Configures the given builder (contact points, port, credentials, policies, ...).
     *
     * @param builder a fresh builder
     * @return the result of {@code builder.build()}
     */
    protected abstract Cluster buildCluster(Cluster.Builder builder);
}
