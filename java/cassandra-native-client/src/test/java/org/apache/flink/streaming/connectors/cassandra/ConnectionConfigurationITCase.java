package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.ProtocolOptions;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.SocketOptions;
import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import com.datastax.driver.core.policies.FallthroughRetryPolicy;
import com.datastax.driver.core.policies.TokenAwarePolicy;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeWriter;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consistency, timeouts, local datacenter, compression and protocol version take effect. */
@ExtendWith(CassandraExtension.class)
class ConnectionConfigurationITCase {
    private static CassandraTestServer server;

    @BeforeAll
    static void createKeyspace(CassandraTestServer testServer) {
        server = testServer;
        try (NativeSession session = NativeSession.open(base().build().connectionSettings())) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS it_rf3 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS it_rf3.kv (id int PRIMARY KEY, v text)");
        }
    }

    private static Cluster.Builder base() {
        return Cluster.builder().addContactPoint(server.host()).withPort(server.nativePort());
    }

    @Test
    void writesAtAConsistencyTheClusterCannotMeetAreUnavailable() {
        Cluster cluster = base()
                .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.QUORUM))
                .withRetryPolicy(FallthroughRetryPolicy.INSTANCE)
                .build();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings());
                NativeStatement insert = session.prepare("INSERT INTO it_rf3.kv (id, v) VALUES (?, ?)");
                NativeWriter writer = NativeWriter.create(insert, cluster.writerDefaults())) {
            RowBuffer rows = new RowBuffer();
            insert.encoder().encodeRow(new Object[] {1, "one"}, rows);
            assertThatThrownBy(() -> {
                        writer.submit(rows);
                        writer.flush();
                    })
                    .isInstanceOf(CassandraUnavailableException.class)
                    .hasMessageContaining("Quorum");
            // at ONE the same write succeeds
            insert.execute("ONE", 1, "one");
        }
    }

    @Test
    void theReadTimeoutBoundsEveryRequest() {
        String heavy = "SELECT * FROM system_schema.columns";
        try (NativeSession session = NativeSession.open(base().build().connectionSettings())) {
            assertThat(session.execute(heavy).rows()).isNotEmpty();
        }
        Cluster impatient = base().withSocketOptions(new SocketOptions().setReadTimeoutMillis(1)).build();
        try (NativeSession session = NativeSession.open(impatient.connectionSettings())) {
            assertThatThrownBy(() -> session.execute(heavy))
                    .isInstanceOf(CassandraTimeoutException.class)
                    .hasMessageContaining("client-side request timeout of 1 ms")
                    .hasMessageContaining("SocketOptions.setReadTimeoutMillis")
                    .satisfies(e -> assertThat(((CassandraConnectorException) e).getCode())
                            .isEqualTo(CassandraConnectorException.Code.REQUEST_TIMEOUT))
                    .satisfies(e -> assertThat(((CassandraConnectorException) e).isTransient()).isTrue());
        }
    }

    @Test
    void anUnknownLocalDatacenterFailsAtOpenNamingTheKnownOnes() {
        Cluster cluster = base()
                .withLoadBalancingPolicy(new TokenAwarePolicy(DCAwareRoundRobinPolicy.builder().withLocalDc("dc-nowhere").build()))
                .build();
        assertThatThrownBy(() -> NativeSession.open(cluster.connectionSettings()))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("dc-nowhere")
                .hasMessageContaining("datacenter1");
    }

    @Test
    void knownLocalDatacenterLz4AndProtocolV5Work() {
        Cluster cluster = base()
                .withLoadBalancingPolicy(DCAwareRoundRobinPolicy.builder().withLocalDc("datacenter1").build())
                .withCompression(ProtocolOptions.Compression.LZ4)
                .withProtocolVersion(ProtocolVersion.V5)
                .build();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings());
                NativeStatement select = session.prepare("SELECT release_version FROM system.local")) {
            assertThat(select.execute("LOCAL_ONE").singleValue()).asString().startsWith("5.0");
        }
    }
}
