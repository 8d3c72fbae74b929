package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.apache.flink.streaming.connectors.cassandra.ReportedMetrics.gauge;
import static org.apache.flink.streaming.connectors.cassandra.ReportedMetrics.metric;
import static org.assertj.core.api.Assertions.assertThat;

/** The official {@code RichSinkFunction} sinks show the native writer's counters as the Sink V2 sink does. */
class SinkFunctionMetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = ReportedMetrics.miniCluster(REPORTER);

    @Test
    void theTupleSinkReportsTheNativeCounters() throws Exception {
        String table = CassandraTestSupport.createTable("metrics_fn", "id bigint PRIMARY KEY, v text");
        int n = 1_500;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, n)
                .map(i -> Tuple2.of(i, "v" + i)).returns(Types.TUPLE(Types.LONG, Types.STRING))
                .addSink(new CassandraTupleSink<>("INSERT INTO " + table + " (id, v) VALUES (?, ?)",
                        CassandraTestSupport.clusterBuilder()));
        JobClient client = env.executeAsync("metrics of a SinkFunction");
        client.getJobExecutionResult().get();
        JobID job = client.getJobID();

        Map<String, Metric> metrics = REPORTER.getMetricsByIdentifiers(job);
        assertThat(gauge(metrics, ".cassandra.rowsAcknowledged")).isEqualTo((long) n);
        assertThat(gauge(metrics, ".cassandra.batchesSent")).isPositive();
        assertThat(gauge(metrics, ".cassandra.requestsInFlight")).isZero();
        assertThat(gauge(metrics, ".cassandra.failures")).isZero();
        assertThat(((Histogram) metric(metrics, ".cassandra.writeLatencyMicros")).getCount()).isEqualTo(n);
        assertThat(CassandraTestSupport.count(table)).isEqualTo(n);
    }
}
