package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.QueryOptions;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.apache.flink.streaming.connectors.cassandra.ReportedMetrics.gauge;
import static org.apache.flink.streaming.connectors.cassandra.ReportedMetrics.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sinks' metrics as a metric reporter sees them (the Sink V2 sink and the write-ahead sink),
 * and the failure handler receiving a transient failure after the configured retries.
 */
class CassandraSinkMetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = ReportedMetrics.miniCluster(REPORTER);

    @Test
    void countersGaugesAndLatencyHistogramMove() throws Exception {
        String table = CassandraTestSupport.createTable("metrics", "id bigint PRIMARY KEY, v text");
        int n = 3_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(1, n)
                .map(i -> Tuple2.of(i, "v" + i)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setMaxConcurrentRequests(8)
                .build();
        JobID job = run(env);

        Map<String, Metric> metrics = REPORTER.getMetricsByIdentifiers(job);
        assertThat(((Counter) metric(metrics, ".numRecordsSend")).getCount()).isEqualTo(n);
        assertThat(((Counter) metric(metrics, ".numBytesSend")).getCount()).isPositive();
        assertThat(((Counter) metric(metrics, ".numRecordsSendErrors")).getCount()).isZero();
        // read after the job finished and the writer closed: the last values, not an exception
        assertThat(gauge(metrics, ".cassandra.rowsAcknowledged")).isEqualTo((long) n);
        assertThat(gauge(metrics, ".cassandra.batchesSent")).isPositive();
        assertThat(gauge(metrics, ".cassandra.requestsInFlight")).isZero();
        assertThat(gauge(metrics, ".cassandra.retries")).isZero();
        assertThat(gauge(metrics, ".cassandra.failures")).isZero();
        assertThat(gauge(metrics, ".cassandra.writeLatencyMaxMicros")).isPositive();
        assertThat(gauge(metrics, ".cassandra.writeLatencyMeanMicros")).isPositive();
        Histogram latency = (Histogram) metric(metrics, ".cassandra.writeLatencyMicros");
        assertThat(latency.getCount()).isEqualTo(n);
        assertThat(latency.getStatistics().getQuantile(0.5)).isPositive();
        assertThat(CassandraTestSupport.count(table)).isEqualTo(n);
    }

    /** The write-ahead sink shows the native writer's counters too (rows written at each checkpoint). */
    @Test
    void theWriteAheadSinkReportsTheNativeCounters(@TempDir Path checkpoints) throws Exception {
        String table = CassandraTestSupport.createTable("metrics_wal", "id bigint PRIMARY KEY, v text");
        int n = 2_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Configuration conf = CassandraTestSupport.noRestarts();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        env.configure(conf);
        env.enableCheckpointing(100);
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(1, n)
                .map(i -> Tuple2.of(i, "v" + i)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .enableWriteAheadLog()
                .build();
        JobID job = run(env);

        // only the sink's own: Flink names the write-ahead operator and the sink after it alike,
        // so their standard metrics share identifiers
        Map<String, Metric> metrics = REPORTER.findMetrics(job, "\\.cassandra\\.");
        assertThat(gauge(metrics, ".cassandra.rowsAcknowledged")).isEqualTo((long) n);
        assertThat(gauge(metrics, ".cassandra.batchesSent")).isPositive();
        assertThat(gauge(metrics, ".cassandra.failures")).isZero();
        assertThat(gauge(metrics, ".cassandra.writeAheadLogFailedAttempts")).isZero();
        assertThat(((Histogram) metric(metrics, ".cassandra.writeLatencyMicros")).getCount()).isEqualTo(n);
        assertThat(CassandraTestSupport.count(table)).isEqualTo(n);
    }

    /** RF 1 and consistency THREE: unavailable, retried twice per row, then handed to the handler. */
    @Test
    void unavailableWritesAreRetriedThenReportedToTheFailureHandler() throws Exception {
        String table = CassandraTestSupport.createTable("unavailable", "id bigint PRIMARY KEY, v text");
        RecordingFailureHandler.FAILURES.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(1, 3)
                .map(i -> Tuple2.of(i, "v" + i)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(new ConsistencyThree(CassandraTestSupport.server().host(),
                        CassandraTestSupport.server().nativePort()))
                .setMaxRetries(2)
                .setFailureHandler(new RecordingFailureHandler())
                .build();
        JobID job = run(env);

        assertThat(RecordingFailureHandler.FAILURES).isNotEmpty().allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(CassandraUnavailableException.class)
                .hasMessageContaining("after 3 attempts"));
        Map<String, Metric> metrics = REPORTER.getMetricsByIdentifiers(job);
        assertThat(gauge(metrics, ".cassandra.retries")).isEqualTo(6L);
        assertThat(gauge(metrics, ".cassandra.failures")).isEqualTo(3L);
        assertThat(gauge(metrics, ".cassandra.rowsAcknowledged")).isZero();
        assertThat(((Counter) metric(metrics, ".numRecordsSendErrors")).getCount()).isEqualTo(3);
        assertThat(CassandraTestSupport.count(table)).isZero();
    }

    private static JobID run(StreamExecutionEnvironment env) throws Exception {
        JobClient client = env.executeAsync("metrics");
        client.getJobExecutionResult().get();
        return client.getJobID();
    }

    /** Keeps what it was given; the job goes on. */
    static final class RecordingFailureHandler implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;
        static final Queue<Throwable> FAILURES = new ConcurrentLinkedQueue<>();

        @Override
        public void onFailure(Throwable failure) {
            FAILURES.add(failure);
        }
    }

    /** The test server, with writes at consistency THREE (the seed's ClusterBuilder style). */
    static final class ConsistencyThree extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        ConsistencyThree(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port)
                    .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.THREE))
                    .build();
        }
    }
}
