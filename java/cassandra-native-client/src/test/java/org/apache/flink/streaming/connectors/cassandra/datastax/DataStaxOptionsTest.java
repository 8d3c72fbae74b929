package org.apache.flink.streaming.connectors.cassandra.datastax;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.HostDistance;
import com.datastax.driver.core.JdkSSLOptions;
import com.datastax.driver.core.PoolingOptions;
import com.datastax.driver.core.ProtocolOptions;
import com.datastax.driver.core.RemoteEndpointAwareJdkSSLOptions;
import com.datastax.driver.core.SSLOptions;
import com.datastax.driver.core.policies.DowngradingConsistencyRetryPolicy;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DataStax 3.x option classes as user code configures them. */
class DataStaxOptionsTest {

    @Test
    void poolingOptionsSetTheConnectionsPerNodeFromTheLocalHostSettings() {
        PoolingOptions pooling = new PoolingOptions()
                .setConnectionsPerHost(HostDistance.LOCAL, 2, 4)
                .setConnectionsPerHost(HostDistance.REMOTE, 1, 1)
                .setMaxRequestsPerConnection(HostDistance.LOCAL, 32768)
                .setHeartbeatIntervalSeconds(30);
        Cluster cluster = Cluster.builder().addContactPoint("db").withPoolingOptions(pooling).build();
        assertThat(cluster.connectionSettings().connectionsPerNode()).isEqualTo(4);

        Cluster untouched = Cluster.builder().addContactPoint("db").withPoolingOptions(new PoolingOptions()).build();
        assertThat(untouched.connectionSettings().connectionsPerNode()).isEqualTo(1);
        assertThatThrownBy(() -> new PoolingOptions().setCoreConnectionsPerHost(HostDistance.LOCAL, 0))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("core connections per host");
    }

    @Test
    void jdkSslOptionsWithTheDefaultContextTrustTheJdkStore() throws Exception {
        SSLContext context = SSLContext.getDefault();
        JdkSSLOptions jdk = JdkSSLOptions.builder()
                .withSSLContext(context)
                .withCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"})
                .build();
        RemoteEndpointAwareJdkSSLOptions remote = RemoteEndpointAwareJdkSSLOptions.builder()
                .withSSLContext(context)
                .withHostnameVerification(false)
                .build();
        for (SSLOptions options : new SSLOptions[] {jdk, remote}) {
            Cluster cluster = Cluster.builder().addContactPoint("db").withSSL(options).build();
            assertThat(cluster.connectionSettings().tls().trustedCertificateCount()).isPositive();
        }
        assertThat(Cluster.builder().addContactPoint("db").withSSL(remote).build()
                        .connectionSettings().tls().verifyHostname())
                .isFalse();
    }

    @Test
    void aCustomSslContextIsRejectedNamingTheAlternative() throws Exception {
        SSLContext custom = SSLContext.getInstance("TLS");
        custom.init(null, null, null);
        assertThatThrownBy(() -> JdkSSLOptions.builder().withSSLContext(custom))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("withTrustStore");
    }

    @Test
    void downgradingRetryPolicyRetriesWithoutLoweringConsistency() {
        Cluster cluster = Cluster.builder()
                .addContactPoint("db")
                .withRetryPolicy(DowngradingConsistencyRetryPolicy.INSTANCE)
                .withCompression(ProtocolOptions.Compression.LZ4)
                .build();
        assertThat(cluster.writerDefaults().toString()).contains("\"maxRetries\":3", "\"retryMaxDelayMillis\":5000");
        assertThat(cluster.connectionSettings().compression()).isEqualTo("lz4");
    }
}
