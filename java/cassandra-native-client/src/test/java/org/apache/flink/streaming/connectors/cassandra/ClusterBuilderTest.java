package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.PlainTextAuthProvider;
import com.datastax.driver.core.ProtocolOptions;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.SSLOptions;
import com.datastax.driver.core.SocketOptions;
import com.datastax.driver.core.policies.ConstantReconnectionPolicy;
import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import com.datastax.driver.core.policies.DefaultRetryPolicy;
import com.datastax.driver.core.policies.ExponentialReconnectionPolicy;
import com.datastax.driver.core.policies.FallthroughRetryPolicy;
import com.datastax.driver.core.policies.RoundRobinPolicy;
import com.datastax.driver.core.policies.TokenAwarePolicy;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DataStax-style configuration surface maps onto our settings; bad settings fail by name. */
class ClusterBuilderTest {

    @Test
    void everyDriverStyleOptionReachesTheSettings() throws Exception {
        Cluster cluster = Cluster.builder()
                .addContactPoint(InetAddress.getByName("127.0.0.2"))
                .addContactPoints("10.0.0.1", "10.0.0.2")
                .addContactPoints(InetAddress.getByName("10.0.0.3"))
                .addContactPoints(Arrays.asList(InetAddress.getByName("::1")))
                .addContactPointsWithPorts(new InetSocketAddress("10.0.0.4", 9999))
                .withPort(19042)
                .withAuthProvider(new PlainTextAuthProvider("alice", "wonderland"))
                .withRetryPolicy(FallthroughRetryPolicy.INSTANCE)
                .withReconnectionPolicy(new ConstantReconnectionPolicy(250))
                .withSocketOptions(new SocketOptions().setConnectTimeoutMillis(1234).setReadTimeoutMillis(5678))
                .withQueryOptions(new QueryOptions()
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                        .setFetchSize(777)
                        .setDefaultIdempotence(false))
                .withLoadBalancingPolicy(new TokenAwarePolicy(DCAwareRoundRobinPolicy.builder().withLocalDc("dc1").build()))
                .withCompression(ProtocolOptions.Compression.LZ4)
                .withProtocolVersion(ProtocolVersion.V5)
                .withClusterName("prod")
                .withoutMetrics()
                .withoutJMXReporting()
                .build();

        ConnectionSettings s = cluster.connectionSettings();
        assertThat(s.contactPoints()).containsExactly("127.0.0.2", "10.0.0.1", "10.0.0.2", "10.0.0.3", "0:0:0:0:0:0:0:1", "10.0.0.4:9999");
        assertThat(s.port()).isEqualTo(19042);
        assertThat(s.username()).isEqualTo("alice");
        assertThat(s.connectTimeoutMillis()).isEqualTo(1234);
        assertThat(s.requestTimeoutMillis()).isEqualTo(5678);
        assertThat(s.localDatacenter()).isEqualTo("dc1");
        assertThat(s.compression()).isEqualTo("lz4");
        assertThat(s.protocolVersion()).isEqualTo(5);
        assertThat(s.reconnectBaseDelayMillis()).isEqualTo(250);
        assertThat(s.reconnectMaxDelayMillis()).isEqualTo(250);
        assertThat(cluster.fetchSize()).isEqualTo(777);
        assertThat(cluster.getClusterName()).isEqualTo("prod");
        assertThat(cluster.writerDefaults().consistency()).isEqualTo("LOCAL_QUORUM");
        assertThat(cluster.writerDefaults().toString())
                .contains("\"maxRetries\":0")
                .contains("\"serialConsistency\":\"LOCAL_SERIAL\"")
                .contains("\"idempotent\":false");
        assertThat(cluster.toString()).contains("alice").doesNotContain("wonderland");
        assertThat(new PlainTextAuthProvider("alice", "wonderland").toString()).doesNotContain("wonderland");
        assertThat(s.toJson()).contains("\"localDatacenter\":\"dc1\"");
    }

    @Test
    void clusterBuildersAndClustersSerialize() throws Exception {
        ClusterBuilder builder = new LocalBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(builder);
            out.writeObject(builder.getCluster());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ClusterBuilder copy = (ClusterBuilder) in.readObject();
            Cluster cluster = (Cluster) in.readObject();
            assertThat(copy.getCluster().connectionSettings()).isEqualTo(cluster.connectionSettings());
            assertThat(cluster.connectionSettings().localDatacenter()).isNull();
        }
    }

    private static final class LocalBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;

        @Override
        protected Cluster buildCluster(Cluster.Builder b) {
            return b.addContactPoint("127.0.0.1")
                    .withRetryPolicy(DefaultRetryPolicy.INSTANCE)
                    .withLoadBalancingPolicy(new RoundRobinPolicy())
                    .build();
        }
    }

    @Test
    void invalidSettingsFailNamingTheSetting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Cluster.builder().withPort(9042).build())
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("contact point");
        assertThatThrownBy(() -> Cluster.builder().withPort(70000))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("port: 70000");
        assertThatThrownBy(() -> Cluster.builder().addContactPoint(" "))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("contact point");
        assertThatThrownBy(() -> new ExponentialReconnectionPolicy(10_000, 1_000))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("ExponentialReconnectionPolicy");
        assertThatThrownBy(() -> new SocketOptions().setReadTimeoutMillis(0))
                .hasMessageContaining("readTimeoutMillis");
        assertThatThrownBy(() -> new QueryOptions().setSerialConsistencyLevel(ConsistencyLevel.ONE))
                .hasMessageContaining("serialConsistencyLevel");
        assertThatThrownBy(() -> Cluster.builder().withCompression(ProtocolOptions.Compression.SNAPPY))
                .hasMessageContaining("SNAPPY");
        assertThatThrownBy(() -> Cluster.builder().withProtocolVersion(ProtocolVersion.V3))
                .hasMessageContaining("protocol version");
        assertThatThrownBy(() -> DCAwareRoundRobinPolicy.builder().withLocalDc(""))
                .hasMessageContaining("localDc");

        Path missing = dir.resolve("missing.p12");
        assertThatThrownBy(() -> SSLOptions.builder().withTrustStore(missing.toString(), "x").build())
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("trust store")
                .hasMessageContaining(missing.toString());
        Path garbage = Files.write(dir.resolve("garbage.jks"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SSLOptions.builder().withKeyStore(garbage.toString(), "secret-pw").build())
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("key store")
                .hasMessageContaining(garbage.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-pw"));
    }

    @Test
    void withSslWithoutOptionsTrustsTheJdkDefaults() {
        Cluster cluster = Cluster.builder().addContactPoint("db").withSSL().build();
        assertThat(cluster.connectionSettings().tls().trustedCertificateCount()).isPositive();
        assertThat(cluster.connectionSettings().tls().verifyHostname()).isTrue();
    }
}
