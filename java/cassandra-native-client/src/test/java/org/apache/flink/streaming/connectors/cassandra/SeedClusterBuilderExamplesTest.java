package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.policies.ExponentialReconnectionPolicy;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code new ClusterBuilder() {...}} of the seed specification, verbatim: they compile with
 * only the connector's imports, and build the settings their authors meant.
 */
class SeedClusterBuilderExamplesTest {

    /** "Custom WAL Configuration": the committer's cluster. */
    @Test
    void customWalCommitterClusterBuilder() {
        // Create custom committer with specific keyspace
        ClusterBuilder committerClusterBuilder = new ClusterBuilder() {
        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
        return builder
        .addContactPoint("cassandra-checkpoint.example.com")
        .withPort(9042)
        .withCredentials("checkpoint_user", "checkpoint_password")
        .build();
        }
        };

        Cluster cluster = committerClusterBuilder.getCluster();
        ConnectionSettings settings = cluster.connectionSettings();
        assertThat(settings.contactPoints()).containsExactly("cassandra-checkpoint.example.com");
        assertThat(settings.port()).isEqualTo(9042);
        assertThat(settings.username()).isEqualTo("checkpoint_user");
        assertThat(settings.hasPassword()).isTrue();
        assertThat(cluster.toString()).contains("checkpoint_user").doesNotContain("checkpoint_password");
        // no retry policy given: the defaults
        assertThat(cluster.writerDefaults().toString()).contains("\"maxRetries\":3");
    }

    /** "Complete example": the sink's cluster, with the exponential policy as retry policy. */
    @Test
    void exactlyOnceSinkClusterBuilderRetriesFromOneToTenSeconds() {
        ClusterBuilder sinkClusterBuilder = new ClusterBuilder() {
        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
        return builder
        .addContactPoint("cassandra-primary.example.com")
        .addContactPoint("cassandra-secondary.example.com")
        .withPort(9042)
        .withCredentials("sink_user", "sink_password")
        .withRetryPolicy(new ExponentialReconnectionPolicy(1000, 10000))
        .build();
        }
        };

        Cluster cluster = sinkClusterBuilder.getCluster();
        ConnectionSettings settings = cluster.connectionSettings();
        assertThat(settings.contactPoints())
                .containsExactly("cassandra-primary.example.com", "cassandra-secondary.example.com");
        assertThat(settings.port()).isEqualTo(9042);
        assertThat(settings.username()).isEqualTo("sink_user");
        assertThat(cluster.writerDefaults().toString())
                .contains("\"maxRetries\":5")
                .contains("\"retryBaseDelayMillis\":1000")
                .contains("\"retryMaxDelayMillis\":10000");
        // the same schedule reconnects
        assertThat(settings.reconnectBaseDelayMillis()).isEqualTo(1000);
        assertThat(settings.reconnectMaxDelayMillis()).isEqualTo(10000);
        assertThat(cluster.toString()).doesNotContain("sink_password");
        assertThat(settings.toJson()).contains("sink_password"); // it does reach the native side
    }

    /** "Complete example": the checkpoint committer's cluster. */
    @Test
    void exactlyOnceCheckpointClusterBuilder() {
        ClusterBuilder checkpointClusterBuilder = new ClusterBuilder() {
        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
        return builder
        .addContactPoint("cassandra-checkpoint.example.com")
        .withPort(9042)
        .withCredentials("checkpoint_user", "checkpoint_password")
        .build();
        }
        };

        ConnectionSettings settings = checkpointClusterBuilder.getCluster().connectionSettings();
        assertThat(settings.contactPoints()).containsExactly("cassandra-checkpoint.example.com");
        assertThat(settings.port()).isEqualTo(9042);
        assertThat(settings.username()).isEqualTo("checkpoint_user");
        assertThat(settings.toString()).doesNotContain("checkpoint_password");
    }
}
