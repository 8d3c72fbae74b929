package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node that goes away mid-write: writes fail with a clear, typed error within the configured
 * timeouts and retries (never a hang), closing still works, and a new session connects once the
 * node is back. Uses its own node, since it stops it.
 */
class ServerOutageITCase {

    @Test
    void writesFailInBoundedTimeWhenTheNodeStopsAndSessionsRecoverAfterward() throws Exception {
        try (CassandraTestServer server = CassandraTestServer.builder()
                .dataDir(Paths.get("target", "cassandra-outage"))
                .build()
                .start()) {
            ConnectionSettings settings = ConnectionSettings.builder()
                    .addContactPoint(server.host())
                    .port(server.nativePort())
                    // A stopped node refuses connections at once; the connect timeout only has to
                    // cover a slow handshake on a busy machine after the restart.
                    .connectTimeoutMillis(10_000)
                    .requestTimeoutMillis(2_000)
                    .build();
            WriterSettings writerSettings = WriterSettings.builder()
                    .maxConcurrentRequests(16)
                    .maxRetries(1)
                    .retryDelays(Duration.ofMillis(100), Duration.ofMillis(200))
                    .build();

            NativeSession session = NativeSession.open(settings);
            session.execute("CREATE KEYSPACE outage WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE outage.t (id int PRIMARY KEY, v text)");
            NativeStatement insert = session.prepare("INSERT INTO outage.t (id, v) VALUES (?, ?)");
            NativeWriter writer = NativeWriter.create(insert, writerSettings);

            RowBuffer rows = new RowBuffer();
            for (int i = 0; i < 100; i++) {
                insert.encoder().encodeRow(new Object[] {i, "before"}, rows);
            }
            writer.submit(rows);
            writer.flush();
            assertThat(writer.metrics().rowsSent()).isEqualTo(100);

            server.stop();

            long start = System.nanoTime();
            rows.clear();
            for (int i = 100; i < 200; i++) {
                insert.encoder().encodeRow(new Object[] {i, "during"}, rows);
            }
            Throwable failure = null;
            try {
                writer.submit(rows);
                writer.flush();
            } catch (CassandraConnectorException e) {
                failure = e;
            }
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

            assertThat(failure).as("writes to a stopped node must fail").isNotNull();
            assertThat(((CassandraConnectorException) failure).isTransient()).as(failure.toString()).isTrue();
            assertThat(failure.getMessage()).contains("INSERT INTO outage.t");
            assertThat(seconds).as("bounded by timeouts and retries, not a hang").isLessThan(60);
            assertThat(writer.metrics().failures()).isPositive();
            assertThat(writer.metrics().inFlight()).isZero();

            writer.close();
            insert.close();
            session.close();
            assertThatThrownBy(writer::flush).hasMessageContaining("closed");

            server.start();
            try (NativeSession again = NativeSession.open(settings)) {
                assertThat(again.execute("SELECT release_version FROM system.local").singleValue())
                        .asString().startsWith("5.0");
            }
        }
    }
}
