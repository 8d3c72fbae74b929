package org.apache.flink.streaming.connectors.cassandra.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared 3-node cluster: one ring, one port set, per-node kill, pause and restart. */
@ExtendWith(CassandraClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraClusterITCase {

    @Test
    @Order(1)
    void threeNodesOnOnePortSetFormOneRing(CassandraCluster cluster) throws IOException {
        assertSame(cluster, CassandraClusterExtension.cluster());
        assertEquals(3, cluster.nodes().size());
        System.out.println("3-node cluster start-up took " + cluster.startupTime().toMillis() + " ms");
        for (int i = 1; i <= 3; i++) {
            CassandraTestServer node = cluster.node(i);
            assertEquals("127.0.0." + i, node.host());
            assertEquals(cluster.nativePort(), node.nativePort());
            assertEquals(cluster.storagePort(), node.storagePort());
            // each node knows the two others as peers
            Set<String> peers = CqlQuery.execute(node.host(), cluster.nativePort(), 10_000,
                            "SELECT peer FROM system.peers_v2").stream()
                    .map(r -> ((java.net.InetAddress) r.get("peer")).getHostAddress())
                    .collect(Collectors.toSet());
            Set<String> expected = new java.util.HashSet<>(cluster.addresses());
            expected.remove(node.host());
            assertEquals(expected, peers, "peers of " + node.host());
        }
        assertNotEquals(cluster.node(1).pid(), cluster.node(2).pid());
    }

    @Test
    @Order(2)
    void killedNodeMakesAllUnavailableUntilRestarted(CassandraCluster cluster) throws IOException {
        String read = "SELECT k FROM " + CassandraCluster.PROBE_KEYSPACE + ".probe WHERE k = 0";
        long pid = cluster.node(3).pid();
        cluster.kill(3);
        assertFalse(cluster.node(3).isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        // QUORUM still works from node 1; ALL fails once node 1's failure detector marks node 3 down
        CqlQuery.execute("127.0.0.1", cluster.nativePort(), 10_000, read, "QUORUM");
        IOException unavailable = assertThrows(IOException.class, () -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                CqlQuery.execute("127.0.0.1", cluster.nativePort(), 10_000, read, "ALL");
                Thread.sleep(500);
            }
        });
        assertTrue(unavailable.getMessage().contains("0x1000") || unavailable.getMessage().contains("0x1200"),
                unavailable.getMessage());
        cluster.restart(3);
        cluster.awaitAllUp();
        List<Map<String, Object>> rows = CqlQuery.execute("127.0.0.3", cluster.nativePort(), 10_000, read, "ALL");
        assertTrue(rows.isEmpty());
    }

    @Test
    @Order(3)
    @SuppressWarnings("try") // the resource's job is its close(): resuming the node
    void pausedNodeDoesNotAnswerUntilResumed(CassandraCluster cluster) {
        try (CassandraTestServer.Pause pause = cluster.pause(2)) {
            assertTrue(cluster.node(2).isPaused());
            assertFalse(CqlProbe.isReady("127.0.0.2", cluster.nativePort(), 1000));
            assertTrue(CqlProbe.isReady("127.0.0.1", cluster.nativePort(), 5000));
        }
        assertTrue(CqlProbe.isReady("127.0.0.2", cluster.nativePort(), 30_000));
    }

    @Test
    @Order(4)
    void stoppedNodeIsStartedAgainAfterTheTest(CassandraCluster cluster) {
        cluster.stop(2);
        assertFalse(cluster.node(2).isRunning());
        assertTrue(CassandraTestServer.isPortFree("127.0.0.2", cluster.nativePort()));
    }

    @Test
    @Order(5)
    void everyNodeRunsAgain(CassandraCluster cluster) {
        for (CassandraTestServer node : cluster.nodes()) {
            assertTrue(node.isRunning(), node + " runs");
        }
    }
}
