package org.apache.flink.connector.cassandra.table;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.ReportedMetrics;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.flink.streaming.connectors.cassandra.ReportedMetrics.gauge;
import static org.apache.flink.streaming.connectors.cassandra.ReportedMetrics.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL sink's metrics as a reporter sees them: Flink's standard sink counters over both
 * pipelines, the upsert pipeline's native gauges under {@code cassandra} and the delete
 * pipeline's under {@code cassandra.deletes}, each counting only its own rows.
 */
class CassandraTableSinkMetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = ReportedMetrics.miniCluster(REPORTER);

    @Test
    void upsertAndDeletePipelinesReportTheirOwnRows() throws Exception {
        String table = CassandraTestSupport.createTable("sql_metrics", "id int PRIMARY KEY, v text");
        int inserts = 300;
        int deletes = 120;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.executeSql("CREATE TABLE c (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED)"
                + CassandraTableITCase.with(table, "'sink.batch.max-rows' = '50'"));
        List<Row> changes = new ArrayList<>();
        for (int i = 0; i < inserts; i++) {
            changes.add(Row.ofKind(RowKind.INSERT, i, "v" + i));
        }
        for (int i = 0; i < deletes; i++) {
            changes.add(Row.ofKind(RowKind.DELETE, i, "v" + i));
        }
        RowTypeInfo type = new RowTypeInfo(new TypeInformation<?>[] {Types.INT, Types.STRING}, new String[] {"id", "v"});
        DataStream<Row> stream = env.fromData(changes, type);
        t.createTemporaryView("changes", t.fromChangelogStream(stream));
        TableResult result = t.executeSql("INSERT INTO c SELECT id, v FROM changes" + CassandraTestSupport.onConflict());
        JobID job = result.getJobClient().orElseThrow().getJobID();
        CassandraTableITCase.await(result);

        Map<String, Metric> metrics = REPORTER.getMetricsByIdentifiers(job);
        assertThat(((Counter) metric(metrics, ".numRecordsSend")).getCount()).isEqualTo(inserts + deletes);
        assertThat(((Counter) metric(metrics, ".numBytesSend")).getCount()).isPositive();
        assertThat(((Counter) metric(metrics, ".numRecordsSendErrors")).getCount()).isZero();
        assertThat(gauge(metrics, ".cassandra.rowsAcknowledged")).isEqualTo((long) inserts);
        assertThat(gauge(metrics, ".cassandra.deletes.rowsAcknowledged")).isEqualTo((long) deletes);
        assertThat(gauge(metrics, ".cassandra.batchesSent")).isPositive();
        assertThat(gauge(metrics, ".cassandra.deletes.batchesSent")).isPositive();
        assertThat(gauge(metrics, ".cassandra.requestsInFlight")).isZero();
        assertThat(gauge(metrics, ".cassandra.failures")).isZero();
        assertThat(gauge(metrics, ".cassandra.deletes.failures")).isZero();
        assertThat(((Histogram) metric(metrics, ".cassandra.writeLatencyMicros")).getCount()).isEqualTo(inserts);
        assertThat(((Histogram) metric(metrics, ".cassandra.deletes.writeLatencyMicros")).getCount()).isEqualTo(deletes);
        assertThat(CassandraTestSupport.count(table)).isEqualTo(inserts - deletes);
    }
}
