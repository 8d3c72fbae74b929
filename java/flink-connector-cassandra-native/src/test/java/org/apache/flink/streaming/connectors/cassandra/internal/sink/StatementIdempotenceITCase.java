package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import com.datastax.driver.core.SocketOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterMetrics;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only statements that are safe to repeat are retried after a timeout. Timeouts are made
 * deterministically: the node is stopped (SIGSTOP) while writes are in flight, so every write
 * times out on the client (1 s request timeout); the writer's retry counter then tells which
 * statements were retried.
 */
class StatementIdempotenceITCase {
    private static final int ROWS = 4;

    @Test
    void aTimedOutListAppendIsNotRetriedWhileAPlainUpdateIs() throws Exception {
        String table = CassandraTestSupport.createTable("idem", "id int PRIMARY KEY, v int, l list<int>");
        WriterMetrics[] metrics = writeWhilePaused(new SinkOptions().maxRetries(1),
                "UPDATE " + table + " SET l = l + ? WHERE id = ?",
                "UPDATE " + table + " SET v = ? WHERE id = ?");
        WriterMetrics append = metrics[0];
        WriterMetrics plain = metrics[1];
        assertThat(append.failures()).as("list appends timed out: %s", append).isEqualTo(ROWS);
        assertThat(append.retries()).as("list appends retried: %s", append).isZero();
        assertThat(plain.retries()).as("plain updates retried once each: %s", plain).isEqualTo(ROWS);
        assertThat(plain.failures()).as("plain updates failed after the retry: %s", plain).isEqualTo(ROWS);
    }

    @Test
    void anExplicitSettingWinsOverDetection() throws Exception {
        String table = CassandraTestSupport.createTable("idem", "id int PRIMARY KEY, v int, l list<int>");
        WriterMetrics[] forcedOn = writeWhilePaused(new SinkOptions().maxRetries(1).idempotent(true),
                "UPDATE " + table + " SET l = l + ? WHERE id = ?");
        assertThat(forcedOn[0].retries()).as("%s", forcedOn[0]).isEqualTo(ROWS);
        WriterMetrics[] forcedOff = writeWhilePaused(new SinkOptions().maxRetries(1).idempotent(false),
                "UPDATE " + table + " SET v = ? WHERE id = ?");
        assertThat(forcedOff[0].failures()).as("%s", forcedOff[0]).isEqualTo(ROWS);
        assertThat(forcedOff[0].retries()).as("%s", forcedOff[0]).isZero();
    }

    /**
     * Opens one writer per query (while the node runs), stops the node, submits {@link #ROWS}
     * rows to each and flushes, resumes the node and returns each writer's final metrics.
     */
    private static WriterMetrics[] writeWhilePaused(SinkOptions options, String... queries) throws Exception {
        CassandraTestServer server = CassandraTestSupport.server();
        Cluster cluster = new ShortTimeout(server.host(), server.nativePort()).getCluster();
        Recording handler = new Recording();
        RowBatcher[] writers = Arrays.stream(queries)
                .map((Function<String, RowBatcher>) q -> RowBatcher.open(cluster, q, null, options, handler))
                .toArray(RowBatcher[]::new);
        WriterMetrics[] metrics = new WriterMetrics[writers.length];
        try {
            signal(server, "STOP");
            try {
                for (RowBatcher writer : writers) {
                    for (int i = 0; i < ROWS; i++) {
                        boolean list = writer.statement().query().contains("l = l +");
                        writer.add(new Object[] {list ? Arrays.asList(i) : i, i});
                    }
                    writer.sendBuffer();
                }
                for (RowBatcher writer : writers) {
                    try {
                        writer.flush();
                    } catch (IOException | RuntimeException e) {
                        // the failures themselves are what the metrics count
                    }
                }
            } finally {
                signal(server, "CONT");
            }
            for (int i = 0; i < writers.length; i++) {
                metrics[i] = writers[i].metrics();
            }
        } finally {
            for (RowBatcher writer : writers) {
                writer.close();
            }
        }
        assertThat(handler.failures).as("every write failed and was reported").isNotEmpty();
        return metrics;
    }

    private static void signal(CassandraTestServer server, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid()))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, server.pid()).isZero();
    }

    /** The test server with a 1 s request timeout. */
    private static final class ShortTimeout extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        ShortTimeout(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host)
                    .withPort(port)
                    .withSocketOptions(new SocketOptions().setReadTimeoutMillis(1_000))
                    .build();
        }
    }

    private static final class Recording implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

        @Override
        public void onFailure(Throwable failure) {
            failures.add(failure);
        }
    }
}
