package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.SocketOptions;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a job whose sink waits on a frozen node (SIGSTOP): the native waits are sliced and
 * notice the task's interruption, so the job is cancelled long before any write or flush timeout
 * (requests here time out after two minutes).
 */
class SinkCancellationITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    @Test
    @SuppressWarnings("try") // a resource held only for its scope (a pause, a second writer)
    void jobBlockedOnAPausedNodeIsCancelledPromptly() throws Exception {
        String table = CassandraTestSupport.createTable("cancel", "id bigint PRIMARY KEY, v int");
        CassandraTestServer server = CassandraTestSupport.server();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Tuple2<Long, Integer>> stream = env.fromSequence(1, Long.MAX_VALUE)
                .map(i -> Tuple2.of(i, (int) (i % 1000)))
                .returns(Types.TUPLE(Types.LONG, Types.INT));
        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(new SlowRequests())
                .setMaxConcurrentRequests(2)
                .setBatchSize(10)
                .build();
        JobClient job = env.executeAsync("blocked on a paused node");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (CassandraTestSupport.count(table) < 100) {
                assertThat(System.nanoTime()).as("rows written within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            try (CassandraTestServer.Pause pause = server.pause()) {
                Thread.sleep(3_000); // the sink now waits for the frozen node
                long started = System.nanoTime();
                job.cancel().get(60, TimeUnit.SECONDS);
                JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                while (!status.isGloballyTerminalState()) {
                    assertThat(Duration.ofNanos(System.nanoTime() - started))
                            .as("cancellation while the node is paused (status %s)", status)
                            .isLessThan(Duration.ofSeconds(30));
                    Thread.sleep(100);
                    status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                }
                assertThat(status).isEqualTo(JobStatus.CANCELED);
            }
        } finally {
            server.resume();
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(300, TimeUnit.SECONDS);
            }
        }
    }

    /** The test server with a request timeout of two minutes. */
    static final class SlowRequests extends ClusterBuilder {
        private static final long serialVersionUID = 1L;

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(CassandraTestSupport.server().host())
                    .withPort(CassandraTestSupport.server().nativePort())
                    .withSocketOptions(new SocketOptions().setReadTimeoutMillis(120_000))
                    .build();
        }
    }
}
