package org.apache.flink.streaming.connectors.cassandra.cluster;

import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraCluster;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraClusterExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.streaming.connectors.cassandra.cluster.ClusterTestSupport.Paced;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On 3 nodes: writes go to a replica (token-aware), asserted from each node's own coordinator and
 * local-write counters; a node restarted mid-job, with its prepared statements gone, is used
 * again by the running job's sessions, and every node executes the statements after the restart.
 */
@ExtendWith(CassandraClusterExtension.class)
class ClusterRoutingITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    /**
     * Replication factor 1: a write coordinated by a node that does not own the key is forwarded,
     * so on each node "coordinated" equals "applied locally" only if the client picked the owner.
     */
    @Test
    void everyWriteIsCoordinatedByItsReplica(CassandraCluster cluster) throws Exception {
        String table = ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE_RF1, "routed",
                "id bigint PRIMARY KEY, v text");
        int n = 3_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(0, n - 1)
                .map(i -> Tuple2.of(i, "v" + i)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(ClusterTestSupport.builder("LOCAL_ONE", 20_000))
                .build();
        env.execute("token-aware routing");

        long coordinated = 0;
        long applied = 0;
        for (int node = 1; node <= 3; node++) {
            long c = ClusterTestSupport.coordinatorWrites(node, table);
            long l = ClusterTestSupport.localWrites(node, table);
            System.out.printf("node %d: coordinated %d, applied locally %d%n", node, c, l);
            assertThat(l).as("writes node %d holds", node).isPositive();
            assertThat(c).as("writes node %d coordinated vs. applied as their replica", node).isEqualTo(l);
            coordinated += c;
            applied += l;
        }
        assertThat(applied).isEqualTo(n);
        assertThat(coordinated).isEqualTo(n);
        assertThat(ClusterTestSupport.count(table)).isEqualTo(n);
    }

    @Test
    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    void nodeRestartedWithoutPreparedStatementsIsUsedAgainByTheRunningJob(CassandraCluster cluster) throws Exception {
        String alo = ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, "restart_alo", "id bigint PRIMARY KEY, v text");
        String wal = ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, "restart_wal", "id bigint PRIMARY KEY, v text");
        int n = 4_000;
        Paced.reset(true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.setRestartStrategy(RestartStrategies.noRestart()); // the job must ride through the restart
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(0, n - 1)
                .map(new Paced(4, n / 2)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        ClusterBuilder builder = ClusterTestSupport.builder("LOCAL_QUORUM", 5_000);
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + alo + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(builder).build();
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + wal + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(builder)
                .enableWriteAheadLog(new CassandraCommitter(builder, ClusterTestSupport.AUX_KEYSPACE)
                        .setReplication(ClusterTestSupport.RF3))
                .build();
        JobClient job = env.executeAsync("node restarted mid-job");

        ClusterTestSupport.await("a quarter of the input", 120, () -> Paced.PROGRESS.get() >= n / 4);
        assertThat(ClusterTestSupport.coordinatorWrites(2, alo)).as("node 2 used before its restart").isPositive();
        cluster.stop(2);
        forgetPreparedStatements(cluster.node(2).dataDir());
        cluster.restart(2);
        cluster.awaitAllUp();
        long[] before = new long[4];
        for (int node = 1; node <= 3; node++) {
            before[node] = ClusterTestSupport.coordinatorWrites(node, alo);
        }
        System.out.printf("node 2 restarted; its prepared statements: %s%n",
                ClusterTestSupport.onNode(2, "SELECT count(*) FROM system.prepared_statements"));
        Paced.open();
        job.getJobExecutionResult().get(10, TimeUnit.MINUTES);

        for (int node = 1; node <= 3; node++) {
            long after = ClusterTestSupport.coordinatorWrites(node, alo);
            System.out.printf("node %d coordinated %d writes after node 2's restart%n", node, after - before[node]);
            assertThat(after).as("writes node %d coordinated after node 2's restart", node).isGreaterThan(before[node]);
        }
        assertThat(ClusterTestSupport.coordinatorWrites(2, wal)).as("write-ahead writes node 2 coordinated since its restart")
                .isPositive();
        assertThat(ClusterTestSupport.count(alo)).isEqualTo(n);
        assertThat(ClusterTestSupport.count(wal)).isEqualTo(n);
        assertThat(Paced.MAX_ATTEMPT.get()).as("restarts of the job").isZero();
    }

    /** The stopped node's persisted prepared statements (flushed on its clean shutdown), so it starts without any. */
    private static void forgetPreparedStatements(Path nodeDir) throws IOException {
        Path system = nodeDir.resolve("data").resolve("data").resolve("system");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(system, "prepared_statements-*")) {
            for (Path dir : dirs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        if (Files.isRegularFile(file)) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }
    }
}
