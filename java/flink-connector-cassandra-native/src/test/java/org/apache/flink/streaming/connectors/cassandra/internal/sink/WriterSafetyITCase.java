package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidQueryException;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.CassandraUnavailableException;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.SocketOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.session.FlushTimeoutException;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data safety of the write path against the real server: no write of a closed writer lands
 * later, the failure handler sees every kind of failure, a flush that timed out fails whatever
 * the handler says, and retries never overwrite newer values. Tests that pause the node
 * (SIGSTOP) always resume it in {@code finally}.
 */
class WriterSafetyITCase {

    /**
     * Writes at QUORUM to a keyspace with three replicas on one node are unavailable and retried
     * again and again. Once the writer is closed, making them possible (replication 1) must not
     * let any of them land: closing aborted the retries.
     */
    @Test
    @SuppressWarnings("try") // a resource held only for its scope (a pause, a second writer)
    void closedWriterLeavesNoRetryingWritesBehind() throws Exception {
        CassandraTestSupport.cql("CREATE KEYSPACE IF NOT EXISTS zombie"
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        CassandraTestSupport.cql("ALTER KEYSPACE zombie"
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        String table = "zombie.t" + System.nanoTime();
        CassandraTestSupport.cql("CREATE TABLE " + table + " (id int PRIMARY KEY, v int)");
        Cluster cluster = new Tuned(ConsistencyLevel.QUORUM, 12_000).getCluster();
        // Another user of the same session and runtime, as other subtasks of a TaskManager.
        try (NativeSession otherSubtask = NativeSession.open(cluster.connectionSettings())) {
            writeThenClose(cluster, table);
            CassandraTestSupport.cql("ALTER KEYSPACE zombie"
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            try {
                Thread.sleep(8_000); // longer than the largest retry delay (5 s)
                assertThat(CassandraTestSupport.count(table)).as("rows written after close").isZero();
            } finally {
                CassandraTestSupport.cql("ALTER KEYSPACE zombie"
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
            }
        }
    }

    private static void writeThenClose(Cluster cluster, String table) throws Exception {
        RowBatcher writer = RowBatcher.open(cluster, "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null,
                new SinkOptions().maxRetries(1_000), new Recording());
        try {
            for (int i = 0; i < 20; i++) {
                writer.add(new Object[] {i, i});
            }
            writer.sendBuffer();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (writer.metrics().retries() < 40) {
                assertThat(System.nanoTime()).as("retries within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            writer.close();
        }
    }

    /**
     * Rows handed to a writer whose node is frozen: closing the writer drops every row it had not
     * yet sent, so after the node thaws at most the window's requests (already on the socket)
     * can land.
     */
    @Test
    @SuppressWarnings("try") // a resource held only for its scope (a pause, a second writer)
    void closedWriterSendsNoQueuedRowsAfterThePausedNodeResumes() throws Exception {
        String table = CassandraTestSupport.createTable("paused", "id int PRIMARY KEY, v int");
        CassandraTestServer server = CassandraTestSupport.server();
        RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null,
                new SinkOptions().maxConcurrentRequests(4, Duration.ofSeconds(5)).batchRows(50), new Recording());
        try (CassandraTestServer.Pause pause = server.pause()) {
            try {
                for (int i = 0; i < 150; i++) {
                    writer.add(new Object[] {i, i});
                }
                writer.sendBuffer();
                assertThat(writer.rowsSubmitted()).isEqualTo(150);
            } finally {
                writer.close();
            }
        }
        Thread.sleep(3_000);
        assertThat(CassandraTestSupport.count(table)).as("rows landed after close").isLessThanOrEqualTo(4);
    }

    /**
     * One invalid write (a partition key over 64 KiB) then twenty unavailable ones, in order
     * (window 1): a handler that tolerates invalid queries must still see the unavailable writes,
     * with their count.
     */
    @Test
    void failureHandlerSeesEveryKindOfFailureWithItsCount() throws Exception {
        String table = CassandraTestSupport.createTable("kinds", "id text PRIMARY KEY, v int");
        ToleratingInvalidQueries handler = new ToleratingInvalidQueries();
        try (RowBatcher writer = RowBatcher.open(new Tuned(ConsistencyLevel.THREE, 12_000).getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null,
                new SinkOptions().maxConcurrentRequests(1, null).maxRetries(0), handler)) {
            writer.add(new Object[] {"k".repeat(70_000), 0});
            for (int i = 1; i <= 20; i++) {
                writer.add(new Object[] {"key-" + i, i});
            }
            assertThatThrownBy(writer::flush)
                    .isInstanceOf(IOException.class)
                    .cause()
                    .isInstanceOf(CassandraUnavailableException.class)
                    .hasMessageContaining("20 writes failed");
            assertThat(handler.seen).hasSize(2);
            assertThat(handler.seen.peek()).isInstanceOf(CassandraInvalidQueryException.class);
            assertThat(writer.metrics().failures()).isEqualTo(21);
        }
    }

    /**
     * Requests to a frozen node time out only after two minutes, the flush timeout is 2 s: the
     * flush fails although the failure handler would swallow anything, and the handler is not
     * asked.
     */
    @Test
    @SuppressWarnings("try") // a resource held only for its scope (a pause, a second writer)
    void flushThatTimesOutFailsWhateverTheHandlerSays() throws Exception {
        String table = CassandraTestSupport.createTable("stuck", "id int PRIMARY KEY, v int");
        CassandraTestServer server = CassandraTestSupport.server();
        Recording permissive = new Recording();
        RowBatcher writer = RowBatcher.open(new Tuned(ConsistencyLevel.ONE, 120_000).getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null,
                new SinkOptions().flushTimeout(Duration.ofSeconds(2)), permissive);
        try (CassandraTestServer.Pause pause = server.pause()) {
            try {
                for (int i = 0; i < 10; i++) {
                    writer.add(new Object[] {i, i});
                }
                long started = System.nanoTime();
                assertThatThrownBy(writer::flush)
                        .isInstanceOf(IOException.class)
                        .cause()
                        .isInstanceOf(FlushTimeoutException.class)
                        .hasMessageContaining("10 writes");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
                assertThat(permissive.failures).isEmpty();
            } finally {
                writer.close();
            }
        }
    }

    /**
     * Five versions of 100 keys, all in flight while the node is frozen, so that requests time
     * out and are retried; after it thaws every key holds its last version.
     */
    @Test
    @SuppressWarnings("try") // a resource held only for its scope (a pause, a second writer)
    void retriesNeverOverwriteNewerVersions() throws Exception {
        String table = CassandraTestSupport.createTable("versions", "id int PRIMARY KEY, v int");
        CassandraTestServer server = CassandraTestSupport.server();
        Recording handler = new Recording();
        int keys = 100;
        int versions = 5;
        try (RowBatcher writer = RowBatcher.open(new Tuned(ConsistencyLevel.ONE, 1_000).getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null,
                new SinkOptions().maxConcurrentRequests(1_000, null).maxRetries(50).batchRows(keys), handler)) {
            try (CassandraTestServer.Pause pause = server.pause()) {
                for (int v = 0; v < versions; v++) {
                    for (int k = 0; k < keys; k++) {
                        writer.add(new Object[] {k, v});
                    }
                }
                writer.sendBuffer();
                Thread.sleep(4_000);
            }
            writer.flush();
            assertThat(handler.failures).isEmpty();
            assertThat(writer.metrics().retries()).as("retries").isPositive();
        }
        Map<Integer, Integer> values = new HashMap<>();
        for (Object[] row : CassandraTestSupport.rows("SELECT id, v FROM " + table)) {
            values.put((Integer) row[0], (Integer) row[1]);
        }
        assertThat(values).hasSize(keys);
        assertThat(values).allSatisfy((k, v) -> assertThat(v).as("value of key %d", k).isEqualTo(versions - 1));
    }

    // ------------------------------------------------------------------ helpers

    /** The test server with a consistency level and request timeout of the test's choice. */
    static final class Tuned extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final ConsistencyLevel consistency;
        private final int requestTimeoutMillis;

        Tuned(ConsistencyLevel consistency, int requestTimeoutMillis) {
            this.consistency = consistency;
            this.requestTimeoutMillis = requestTimeoutMillis;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(CassandraTestSupport.server().host())
                    .withPort(CassandraTestSupport.server().nativePort())
                    .withQueryOptions(new QueryOptions().setConsistencyLevel(consistency))
                    .withSocketOptions(new SocketOptions().setReadTimeoutMillis(requestTimeoutMillis))
                    .build();
        }
    }

    private static class Recording implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        @Override
        public void onFailure(Throwable failure) throws IOException {
            failures.add(failure);
        }
    }

    /** Records every failure; tolerates invalid queries and fails on anything else. */
    private static final class ToleratingInvalidQueries implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;
        final Queue<Throwable> seen = new ConcurrentLinkedQueue<>();

        @Override
        public void onFailure(Throwable failure) throws IOException {
            seen.add(failure);
            if (!(failure instanceof CassandraInvalidQueryException)) {
                throw new IOException("write failed", failure);
            }
        }
    }

}
