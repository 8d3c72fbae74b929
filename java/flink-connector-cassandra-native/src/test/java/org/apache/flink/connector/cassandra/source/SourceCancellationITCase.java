package org.apache.flink.connector.cassandra.source;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.messages.FlinkJobTerminatedWithoutCancellationException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.connector.cassandra.source.CassandraSource;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.NoOpCassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RowBatcher;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a reading job at random moments, many times, while its readers fetch pages on their
 * helper threads (this module's integration tests run with {@code -Xcheck:jni}). The reader's
 * close must never free a statement or session a fetch is still inside: the JVM survives, every
 * job ends CANCELED, and every native session is released once the fetches return.
 */
@ExtendWith(CassandraExtension.class)
class SourceCancellationITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final int ROWS = 20_000;
    private static final int CANCELLATIONS = 50;
    private static final TypeInformation<Tuple2<Long, String>> ID_AND_VALUE = Types.TUPLE(Types.LONG, Types.STRING);
    private static String table;

    @BeforeAll
    static void loadTable() throws Exception {
        table = CassandraTestSupport.createTable("source_cancel", "id bigint PRIMARY KEY, v text");
        try (RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null, new SinkOptions(),
                new NoOpCassandraFailureHandler())) {
            for (long id = 0; id < ROWS; id++) {
                writer.add(new Object[] {id, "value-" + id});
            }
            writer.flush();
        }
    }

    @Test
    void cancellingReadingJobsAtRandomMomentsNeitherCrashesNorLeaksSessions() throws Exception {
        Random random = new Random(11);
        Map<JobStatus, Integer> outcomes = new EnumMap<>(JobStatus.class);
        for (int i = 0; i < CANCELLATIONS; i++) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            // Small pages: a fetch is in flight on the helper thread most of the time.
            CassandraSource<Tuple2<Long, String>> source = CassandraSource.forTuples(
                    CassandraTestSupport.clusterBuilder(), "SELECT id, v FROM " + table, ID_AND_VALUE)
                    .setFetchSize(50);
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "cassandra")
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("cancel-" + i);
            awaitStatus(job, JobStatus.RUNNING);
            Thread.sleep(random.nextInt(400));
            try {
                job.cancel().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // The job finished reading before the cancellation arrived: counted as FINISHED below.
                if (!(e.getCause() instanceof FlinkJobTerminatedWithoutCancellationException)) {
                    throw e;
                }
            }
            JobStatus end = awaitTerminal(job);
            outcomes.merge(end, 1, Integer::sum);
        }
        // A job may finish reading before its cancellation arrives; none may fail.
        assertThat(outcomes.keySet()).as("%s", outcomes).isSubsetOf(JobStatus.CANCELED, JobStatus.FINISHED);
        assertThat(outcomes.getOrDefault(JobStatus.CANCELED, 0)).as("%s", outcomes).isPositive();
        // Fetches interrupted by the cancellations end within the request timeout, then release.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (NativeSession.openSessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(NativeSession.openSessionCount()).as("sessions left open").isZero();
    }

    private static void awaitStatus(JobClient job, JobStatus wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(60, TimeUnit.SECONDS);
            if (status == wanted || status.isTerminalState()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job never reached " + wanted);
    }

    private static JobStatus awaitTerminal(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(60, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job did not end within two minutes of its cancellation");
    }
}
