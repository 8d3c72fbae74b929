package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.policies.ExponentialReconnectionPolicy;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.state.filesystem.FsStateBackend;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.connectors.cassandra.metrics.MetricGroup;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The specification's examples, with their bodies as the specification writes them (only the
 * imports are ours). The configuration snippets name hosts such as
 * {@code cassandra-primary.example.com}, so they are compiled here and not run; the monitored
 * committer runs against the real server and its metrics must move.
 */
// deprecation: FsStateBackend, RestartStrategies, Time, CheckpointingMode and SourceFunction are
// the specification's API, all still in Flink 1.20. try: the harness's close() may be interrupted.
@SuppressWarnings({"deprecation", "try", "unused"})
class SeedExamplesITCase {

    /** The specification's monitoring example, verbatim. */
    public static class MonitoredCassandraCommitter extends CassandraCommitter {
        private final Counter checkpointCommits;
        private final Histogram checkpointLatency;

        public MonitoredCassandraCommitter(ClusterBuilder builder, MetricGroup metricGroup) {
            super(builder);
            this.checkpointCommits = metricGroup.counter("checkpoint_commits");
            this.checkpointLatency = metricGroup.histogram("checkpoint_latency");
        }

        @Override
        public void commitCheckpoint(int subtaskIdx, long checkpointId) {
            long startTime = System.currentTimeMillis();
            super.commitCheckpoint(subtaskIdx, checkpointId);
            long latency = System.currentTimeMillis() - startTime;
            checkpointCommits.inc();
            checkpointLatency.update(latency);
        }
    }

    @Test
    void monitoredCommitterCountsAndTimesItsCommits() throws Exception {
        String table = CassandraTestSupport.createTable("seed", "id int PRIMARY KEY, name text, age int");
        MetricGroup metricGroup = MetricGroup.of(new UnregisteredMetricsGroup());
        MonitoredCassandraCommitter committer =
                new MonitoredCassandraCommitter(CassandraTestSupport.clusterBuilder(), metricGroup);
        CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> sink = new CassandraTupleWriteAheadSink<>(
                "INSERT INTO " + table + " (id, name, age) VALUES (?, ?, ?)",
                TypeInformation.of(new TypeHint<Tuple3<Integer, String, Integer>>() {})
                        .createSerializer(new ExecutionConfig().getSerializerConfig()),
                CassandraTestSupport.clusterBuilder(), committer);
        long started = System.currentTimeMillis();
        try (OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, Tuple3<Integer, String, Integer>> h =
                CassandraWriteAheadSinkITCase.boundedRestarts(new OneInputStreamOperatorTestHarness<>(sink))) {
            h.open();
            for (int checkpoint = 1; checkpoint <= 3; checkpoint++) {
                h.processElement(new StreamRecord<>(Tuple3.of(checkpoint, "user-" + checkpoint, 20 + checkpoint)));
                h.snapshot(checkpoint, System.currentTimeMillis());
                h.notifyOfCompletedCheckpoint(checkpoint);
            }
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(3);
        assertThat(committer.checkpointCommits.getCount()).isEqualTo(3);
        assertThat(committer.checkpointLatency.getCount()).isEqualTo(3);
        // Each latency is a commit's duration in ms: within the test's own duration (ns or µs would not be).
        long elapsed = System.currentTimeMillis() - started;
        assertThat(committer.checkpointLatency.getStatistics().getMin()).isGreaterThanOrEqualTo(0);
        assertThat(committer.checkpointLatency.getStatistics().getMax()).isLessThanOrEqualTo(elapsed);
        // ...and the commits it timed are in the checkpoint table: the sink's one subtask, checkpoints 1 to 3.
        assertThat(CassandraTestSupport.rows("SELECT sub_id, checkpoint_id, committed FROM flink_auxiliary." + committer.getTable()))
                .singleElement().satisfies(row -> assertThat(row).containsExactly(0, 3L, java.util.Set.of(1L, 2L, 3L)));
    }

    /** "Basic WAL Configuration". */
    static void basicWalConfiguration(DataStream<Tuple3<String, Integer, String>> stream) throws Exception {
        // Enable WAL with default committer
        CassandraSink<Tuple3<String, Integer, String>> walSink = CassandraSink
                .addSink(stream)
                .setQuery("INSERT INTO users (id, age, name) VALUES (?, ?, ?)")
                .setHost("localhost")
                .enableWriteAheadLog() // Uses CassandraCommitter with default keyspace
                .build();
    }

    /** "Custom WAL Configuration". */
    static void customWalConfiguration(
            DataStream<Tuple4<String, Long, Double, Boolean>> complexStream, ClusterBuilder dataClusterBuilder)
            throws Exception {
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
        CassandraCommitter customCommitter = new CassandraCommitter(
                committerClusterBuilder,
                "custom_checkpoint_keyspace"
        );
        // Enable WAL with custom committer
        CassandraSink<Tuple4<String, Long, Double, Boolean>> customWalSink = CassandraSink
                .addSink(complexStream)
                .setQuery("INSERT INTO transactions (tx_id, timestamp, amount, processed) VALUES (?, ?, ?, ?)")
                .setClusterBuilder(dataClusterBuilder)
                .enableWriteAheadLog(customCommitter)
                .build();
    }

    /** The specification's complete example (with its CriticalEventSource stubbed below). */
    static void completeExample() throws Exception {
        // Configure execution environment for exactly-once processing
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Enable checkpointing with exactly-once mode
        env.enableCheckpointing(10000); // checkpoint every 10 seconds
        env.getCheckpointConfig().setCheckpointingMode(CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(5000);
        env.getCheckpointConfig().setCheckpointTimeout(60000);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(1);
        // Configure state backend for durability
        env.setStateBackend(new FsStateBackend("hdfs://namenode:port/flink-checkpoints"));
        // Data source
        DataStream<Tuple3<String, Long, String>> criticalEvents = env
                .addSource(new CriticalEventSource())
                .name("Critical Events Source");
        // Create WAL-enabled sink for exactly-once guarantees
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
        CassandraCommitter committer = new CassandraCommitter(
                checkpointClusterBuilder,
                "flink_checkpoints"
        );
        CassandraSink<Tuple3<String, Long, String>> exactlyOnceSink = CassandraSink
                .addSink(criticalEvents)
                .setQuery("INSERT INTO critical_events (event_id, timestamp, data) VALUES (?, ?, ?)")
                .setClusterBuilder(sinkClusterBuilder)
                .enableWriteAheadLog(committer)
                .build();
        exactlyOnceSink
                .name("Critical Events Cassandra Sink")
                .uid("critical-events-sink") // Important for savepoint compatibility
                .setParallelism(4);
        env.execute("Critical Events Processing");

        // Recovery behavior configuration
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(
                3, // number of restart attempts
                Time.of(10, TimeUnit.SECONDS) // delay between restarts
        ));
        // Custom restart strategy for production
        env.setRestartStrategy(RestartStrategies.failureRateRestart(
                5, // max failures per interval
                Time.of(5, TimeUnit.MINUTES), // time interval
                Time.of(30, TimeUnit.SECONDS) // delay between restarts
        ));
    }

    /** The user's source in the specification's complete example. */
    static final class CriticalEventSource implements SourceFunction<Tuple3<String, Long, String>> {
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<Tuple3<String, Long, String>> ctx) {
            while (running) {
                ctx.collect(Tuple3.of("event", System.currentTimeMillis(), "data"));
                running = false;
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }
}
