package org.apache.flink.streaming.connectors.cassandra.examples;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The README's first command: starts a real Cassandra, runs an exactly-once (write-ahead log)
 * job that fails once mid-stream and recovers, then checks what Cassandra holds.
 *
 * <p>Usage: {@code ExactlyOnceDemo [records]} (default 100000).
 */
public final class ExactlyOnceDemo {
    /** Counts job attempts that reached the failure point (same JVM: the MiniCluster is local). */
    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

    private ExactlyOnceDemo() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.println("== Starting a local Apache Cassandra 5.0 node ...");
        int failures;
        try (CassandraTestServer server = CassandraTestServer.builder()
                .dataDir(Paths.get("target", "demo-cassandra"))
                .build()
                .start()) {
            System.out.printf("== Cassandra is up at %s (started in %d s)%n",
                    server.contactPoint(), server.startupTime().getSeconds());
            failures = run(server.host(), server.nativePort(), records);
            System.out.println("== Stopping Cassandra");
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * Runs the job and the checks; returns the number of failed checks. Written with the APIs both
     * Flink lines have (restarts as options, {@code core.execution.CheckpointingMode}), so
     * {@code scripts/demo --flink 2} runs this same class on Flink 2.
     */
    static int run(String host, int port, int records) throws Exception {
        ClusterBuilder cluster = new DemoClusterBuilder(host, port);
        try (NativeSession session = NativeSession.open(cluster.getCluster().connectionSettings())) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS demo WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("DROP TABLE IF EXISTS demo.events");
            session.execute("CREATE TABLE demo.events (id bigint PRIMARY KEY, amount bigint, note text)");
        }

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(1);

        DataStream<Tuple3<Long, Long, String>> events = env.fromSequence(0, records - 1)
                .map(new FailOnceMidStream(records / 3))
                .returns(Types.TUPLE(Types.LONG, Types.LONG, Types.STRING))
                .name("events");

        CassandraCommitter committer = new CassandraCommitter(cluster, "demo_checkpoints");
        CassandraSink.addSink(events)
                .setQuery("INSERT INTO demo.events (id, amount, note) VALUES (?, ?, ?)")
                .setClusterBuilder(cluster)
                .enableWriteAheadLog(committer)
                .build()
                .name("Cassandra exactly-once sink")
                .uid("events-sink");

        System.out.printf("== Running a Flink job: %,d events -> exactly-once Cassandra sink, parallelism 2,%n"
                + "   checkpoints every 500 ms, one failure injected after a third of the stream%n", records);
        long start = System.nanoTime();
        env.execute("exactly-once demo");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("== Job finished in %.1f s%n", millis / 1000.0);
        return verify(cluster, records, committer);
    }

    private static int verify(ClusterBuilder cluster, int records, CassandraCommitter committer) {
        int failed = 0;
        try (NativeSession session = NativeSession.open(cluster.getCluster().connectionSettings())) {
            long rows = (Long) session.execute("SELECT count(*) FROM demo.events").singleValue();
            failed += check(rows == records, "rows in demo.events: %,d (expected %,d: none lost, none extra)", rows, records);

            QueryResult all = session.execute("SELECT id, amount, note FROM demo.events");
            long wrong = 0;
            for (Object[] row : all.rows()) {
                long id = (Long) row[0];
                if ((Long) row[1] != amountOf(id) || !noteOf(id).equals(row[2])) {
                    wrong++;
                }
            }
            failed += check(all.rows().size() == records && wrong == 0,
                    "rows read back: %,d, with a wrong value: %,d", all.rows().size(), wrong);

            failed += check(INJECTED_FAILURES.get() == 1,
                    "injected failures: %d; the job restarted from its last checkpoint and finished", INJECTED_FAILURES.get());

            QueryResult commits = session.execute("SELECT sub_id, checkpoint_id FROM demo_checkpoints." + committer.getTable());
            StringBuilder perSubtask = new StringBuilder();
            for (Object[] row : commits.rows()) {
                perSubtask.append(" subtask ").append(row[0]).append(" -> checkpoint ").append(row[1]).append(';');
            }
            failed += check(commits.rows().size() >= 2,
                    "committed checkpoints in demo_checkpoints.%s:%s", committer.getTable(), perSubtask);
        }
        System.out.println(failed == 0
                ? "== VERIFIED: exactly-once delivery through a failure and restart"
                : "== FAILED: " + failed + " check(s) did not hold");
        return failed;
    }

    private static int check(boolean ok, String format, Object... args) {
        System.out.printf("   [%s] %s%n", ok ? " OK " : "FAIL", String.format(format, args));
        return ok ? 0 : 1;
    }

    static long amountOf(long id) {
        return id * 7 % 1_000;
    }

    static String noteOf(long id) {
        return "event-" + id;
    }

    /** Maps ids to events; the first attempt of subtask 0 throws once after {@code failAt} events. */
    static final class FailOnceMidStream extends RichMapFunction<Long, Tuple3<Long, Long, String>> {
        private final long failAt;
        private long seen;

        FailOnceMidStream(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Tuple3<Long, Long, String> map(Long id) throws InterruptedException {
            if (seen % 20 == 0) {
                Thread.sleep(1); // a steady stream, so that several checkpoints complete
            }
            if (++seen == failAt / 2
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                INJECTED_FAILURES.incrementAndGet();
                System.out.println("== Injecting a failure after " + seen + " events of subtask 0");
                throw new IllegalStateException("injected failure");
            }
            return Tuple3.of(id, amountOf(id), noteOf(id));
        }
    }

    /** Connection to the demo server. */
    static final class DemoClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        DemoClusterBuilder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port).build();
        }
    }
}
