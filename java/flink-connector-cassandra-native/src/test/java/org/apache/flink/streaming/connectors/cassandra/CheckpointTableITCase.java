package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committer's checkpoint table: created by many committers in two JVMs at once (Cassandra
 * serialises them, not a process lock), and used by a role that may only read and write it.
 */
class CheckpointTableITCase {
    private static final int COMMITTERS_PER_JVM = 6;

    /** The second JVM: {@code host port keyspace job firstSubtask startAtMillis}. */
    public static void main(String[] args) throws Exception {
        ClusterBuilder builder = new CassandraTestSupport.TestClusterBuilder(args[0], Integer.parseInt(args[1]));
        createAndCommitAtOnce(builder, args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
        System.exit(0);
    }

    /** Starts {@link #COMMITTERS_PER_JVM} committers at {@code startAt}; each creates, commits and reads. */
    static void createAndCommitAtOnce(ClusterBuilder builder, String keyspace, String job, int firstSubtask, long startAt)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(COMMITTERS_PER_JVM);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < COMMITTERS_PER_JVM; i++) {
                int subtask = firstSubtask + i;
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
                        CassandraCommitter committer = new CassandraCommitter(builder, keyspace);
                        committer.setJobId(job);
                        committer.setOperatorId("sink");
                        committer.createResource();
                        committer.open();
                        try {
                            committer.commitCheckpoint(subtask, 7);
                            if (!committer.isCheckpointCommitted(subtask, 7)) {
                                throw new AssertionError("checkpoint 7 of " + subtask + " not committed");
                            }
                        } finally {
                            committer.close();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void committersInTwoJvmsCreateTheSameTableAtOnce() throws Exception {
        String keyspace = "flink_aux_race_" + System.nanoTime();
        String job = "race";
        CassandraTestServer server = CassandraTestSupport.server();
        long startAt = System.currentTimeMillis() + 8_000; // the other JVM starts meanwhile
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CheckpointTableITCase.class.getName(), server.host(), String.valueOf(server.nativePort()), keyspace, job,
                String.valueOf(COMMITTERS_PER_JVM), String.valueOf(startAt))
                .redirectErrorStream(true)
                .redirectOutput(Paths.get("target", "checkpoint-table-second-jvm.log").toFile())
                .start();
        try {
            createAndCommitAtOnce(CassandraTestSupport.clusterBuilder(), keyspace, job, 0, startAt);
            assertThat(other.waitFor(180, TimeUnit.SECONDS)).as("the second JVM ended").isTrue();
            assertThat(other.exitValue()).as("the second JVM's committers (see target/checkpoint-table-second-jvm.log)").isZero();
        } finally {
            other.destroyForcibly();
        }
        assertThat(CassandraTestSupport.rows("SELECT table_name FROM system_schema.tables WHERE keyspace_name = '"
                + keyspace + "'")).hasSize(1);
        assertThat(CassandraTestSupport.rows("SELECT sub_id FROM " + keyspace + ".checkpoints_" + job))
                .hasSize(2 * COMMITTERS_PER_JVM);
    }

    @Test
    void aRoleWithOnlySelectAndModifyOnTheTableUsesIt() throws Exception {
        Path dir = Paths.get("target", "cassandra-auth").toAbsolutePath();
        CassandraTestServer server = CassandraTestServer.builder()
                .dataDir(dir.resolve("node"))
                .heapMb(768)
                .passwordAuthenticator(true)
                .build()
                .start();
        try {
            ClusterBuilder admin = new CredentialsClusterBuilder(server.host(), server.nativePort(),
                    CassandraTestServer.SUPERUSER, CassandraTestServer.SUPERUSER_PASSWORD);
            CassandraCommitter setup = new CassandraCommitter(admin, "flink_aux_perm");
            setup.setJobId("perm");
            setup.createResource();
            try (NativeSession session = NativeSession.open(admin.getCluster().connectionSettings())) {
                session.execute("CREATE ROLE IF NOT EXISTS writer WITH PASSWORD = 'writer-pass' AND LOGIN = true");
                session.execute("GRANT SELECT ON TABLE flink_aux_perm.checkpoints_perm TO writer");
                session.execute("GRANT MODIFY ON TABLE flink_aux_perm.checkpoints_perm TO writer");
            }

            ClusterBuilder writer = new CredentialsClusterBuilder(server.host(), server.nativePort(), "writer", "writer-pass");
            CassandraCommitter committer = new CassandraCommitter(writer, "flink_aux_perm");
            committer.setJobId("perm");
            committer.setOperatorId("sink");
            committer.createResource();
            committer.open();
            try {
                committer.commitCheckpoint(0, 3);
                assertThat(committer.isCheckpointCommitted(0, 3)).isTrue();
                assertThat(committer.isCheckpointCommitted(0, 2)).isFalse();
            } finally {
                committer.close();
            }
        } finally {
            server.stop();
        }
    }

    /** A connection with credentials. */
    static final class CredentialsClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;
        private final String user;
        private final String password;

        CredentialsClusterBuilder(String host, int port, String user, String password) {
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port).withCredentials(user, password).build();
        }
    }
}
