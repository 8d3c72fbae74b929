package org.apache.flink.streaming.connectors.cassandra.cluster;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraCluster;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraClusterExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.streaming.connectors.cassandra.cluster.ClusterTestSupport.Paced;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once and write-ahead-log sinks in one job, writing at LOCAL_QUORUM to a table with
 * replication factor 3, while nodes die, hang or all go away. Every id is written once, so
 * "nothing lost" is an exact row count and "no duplicate" is each row holding its own value.
 */
@ExtendWith(CassandraClusterExtension.class)
class ClusterSinkFailoverITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                    .build());

    private static final int N = 3_000;

    @Test
    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    void nodeKilledMidJobJobKeepsRunningNothingLost(CassandraCluster cluster) throws Exception {
        Tables t = tables("killed");
        Paced.reset(true);
        JobClient job = start(t, RestartStrategies.noRestart(), 5_000, N / 2);

        ClusterTestSupport.await("a sixth of the input", 120, () -> Paced.PROGRESS.get() >= N / 6);
        cluster.kill(3);
        // keep writing with the node dead for a while (its death is noticed on the way)
        Paced.open();
        job.getJobExecutionResult().get(10, TimeUnit.MINUTES);

        assertThat(Paced.MAX_ATTEMPT.get()).as("restarts of the job").isZero();
        assertExact(t);
    }

    @Test
    @SuppressWarnings({"deprecation", "try"}) // RestartStrategies: the seed's API; the pause's job is its close()
    void nodePausedLongerThanTheRequestTimeoutIsRetriedAround(CassandraCluster cluster) throws Exception {
        Tables t = tables("paused");
        Paced.reset(true);
        int requestTimeoutMillis = 2_000;
        JobClient job = start(t, RestartStrategies.noRestart(), requestTimeoutMillis, N / 2);

        ClusterTestSupport.await("a sixth of the input", 120, () -> Paced.PROGRESS.get() >= N / 6);
        try (CassandraTestServer.Pause pause = cluster.pause(2)) {
            Paced.open(); // writes go on against a frozen node for 4 request timeouts
            ClusterTestSupport.sleep(4L * requestTimeoutMillis);
        }
        job.getJobExecutionResult().get(10, TimeUnit.MINUTES);

        long retries = ClusterTestSupport.sumGauges(REPORTER, job.getJobID(), ".cassandra.retries");
        System.out.println("retries while node 2 was paused: " + retries);
        assertThat(retries).as("retries (sink metric)").isPositive();
        assertThat(Paced.MAX_ATTEMPT.get()).as("restarts of the job").isZero();
        assertExact(t);
    }

    /** Restarts all three nodes (about 4 minutes on 2 cores): with -Dfaults only (JUnit tag "faults"). */
    @Test
    @Tag("faults")
    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    void allNodesDownTheJobRestartsAndFinishesExactly(CassandraCluster cluster) throws Exception {
        Tables t = tables("alldown");
        Paced.reset(false);
        JobClient job = start(t, RestartStrategies.fixedDelayRestart(1_000, 1_000), 5_000, -1);

        ClusterTestSupport.await("a sixth of the input", 120, () -> Paced.PROGRESS.get() >= N / 6);
        long downAt = System.nanoTime();
        for (int node = 3; node >= 1; node--) {
            cluster.kill(node);
        }
        // the sink fails once its retries give up on the dead nodes: a state to wait on, not a time.
        // The job's own restart counter, as a restarted attempt may fail in the sinks' open()
        // before any record reaches Paced while the nodes are down.
        JobID running = job.getJobID();
        ClusterTestSupport.await("a restart of the job", 600,
                () -> ClusterTestSupport.sumGauges(REPORTER, running, ".numRestarts") >= 1);
        ClusterTestSupport.sleep(Math.max(0, 20_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downAt)));
        for (int node = 1; node <= 3; node++) {
            cluster.restart(node);
        }
        cluster.awaitAllUp();
        JobID id = job.getJobID();
        job.getJobExecutionResult().get(10, TimeUnit.MINUTES);

        System.out.println("job attempts with all nodes down: " + Paced.MAX_ATTEMPT.get() + " (" + id + ")");
        assertThat(Paced.MAX_ATTEMPT.get()).as("restarts of the job").isPositive();
        assertExact(t);
    }

    // ------------------------------------------------------------------ helpers

    private static final class Tables {
        final String alo;
        final String wal;

        Tables(String alo, String wal) {
            this.alo = alo;
            this.wal = wal;
        }
    }

    private static Tables tables(String prefix) {
        return new Tables(
                ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, prefix + "_alo", "id bigint PRIMARY KEY, v text"),
                ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, prefix + "_wal", "id bigint PRIMARY KEY, v text"));
    }

    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    private static JobClient start(Tables t, RestartStrategies.RestartStrategyConfiguration restarts,
            int requestTimeoutMillis, long holdAt) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.setRestartStrategy(restarts);
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(0, N - 1)
                .map(new Paced(3, holdAt)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        ClusterBuilder builder = ClusterTestSupport.builder("LOCAL_QUORUM", requestTimeoutMillis);
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + t.alo + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(builder)
                .setMaxRetries(20)
                .build()
                .name("at-least-once");
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + t.wal + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(builder)
                .enableWriteAheadLog(new CassandraCommitter(builder, ClusterTestSupport.AUX_KEYSPACE)
                        .setReplication(ClusterTestSupport.RF3))
                .build()
                .name("write-ahead");
        return env.executeAsync("3 nodes, " + t.alo);
    }

    private static void assertExact(Tables t) {
        for (String table : new String[] {t.alo, t.wal}) {
            assertThat(ClusterTestSupport.count(table)).as("rows of %s", table).isEqualTo(N);
            List<Object[]> rows = ClusterTestSupport.rows("SELECT id, v FROM " + table);
            assertThat(rows).hasSize(N).allSatisfy(row -> assertThat(row[1]).isEqualTo("v" + row[0]));
        }
    }
}
