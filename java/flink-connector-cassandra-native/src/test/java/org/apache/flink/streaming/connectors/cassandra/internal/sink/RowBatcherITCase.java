package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.CassandraUnavailableException;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.QueryOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterMetrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The sink's write path ({@link RowBatcher} over the native pipeline) against the real
 * server: the in-flight window bounds memory, bad rows fail before anything is sent, transient
 * failures are retried and then reported, counter updates are not idempotent.
 */
class RowBatcherITCase {

    /**
     * With the window at 1, a stream much larger than the window never has more than one write
     * in flight, and what the native writer holds (queued, in flight or retrying) stays within
     * the window plus three batches, whatever the input: counted by the writer itself, in rows
     * and bytes (memory figures belong to the benchmark, not to a test on a busy machine).
     */
    /**
     * The rate limit holds over the whole run: 600 rows at 200 rows/s (the limiter admits a burst
     * of 20 and one row into debt) cannot all be acknowledged sooner than (600 - 21) / 200 s. A
     * lower bound only; every row lands.
     */
    @Test
    void rowRateLimitHolds() throws Exception {
        String table = CassandraTestSupport.createTable("rate", "id int PRIMARY KEY, v int");
        int rows = 600;
        long started = System.nanoTime();
        try (RowBatcher writer = open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)",
                new SinkOptions().maxRowsPerSecond(200).batchRows(100), new Failing())) {
            for (int i = 0; i < rows; i++) {
                writer.add(new Object[] {i, i});
            }
            writer.flush();
            assertThat(writer.metrics().rowsSent()).isEqualTo(rows);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(elapsedMillis).as("600 rows at 200 rows/s").isGreaterThanOrEqualTo((rows - 21) * 1000L / 200);
        assertThat(CassandraTestSupport.count(table)).isEqualTo(rows);
    }

    @Test
    void windowOfOneBoundsInFlightWritesAndMemory() throws Exception {
        String table = CassandraTestSupport.createTable("window", "id int PRIMARY KEY, payload blob");
        int rows = 12_000;
        int batchRows = 500;
        byte[] payload = new byte[4096]; // 48 MiB of input in all
        long rowBytes = (4 + 4) + (4 + payload.length); // values with their length prefixes
        SinkOptions options = new SinkOptions().maxConcurrentRequests(1, null).batchRows(batchRows);
        AtomicLong maxSampledInFlight = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        try (RowBatcher writer = open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (id, payload) VALUES (?, ?)", options, new Failing())) {
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    maxSampledInFlight.accumulateAndGet(writer.metrics().inFlight(), Math::max);
                    Thread.onSpinWait();
                }
            }, "in-flight-sampler");
            sampler.setDaemon(true);
            sampler.start();

            long maxHeldSeen = 0;
            for (int i = 0; i < rows; i++) {
                writer.add(new Object[] {i, payload});
                WriterMetrics m = writer.lastMetrics();
                assertThat(m.inFlight()).isLessThanOrEqualTo(1);
                maxHeldSeen = Math.max(maxHeldSeen, m.heldRows());
            }
            writer.flush();
            done.set(true);
            sampler.join();

            WriterMetrics m = writer.metrics();
            long bound = 3L * batchRows; // two queued batches and the one being sent
            assertThat(maxSampledInFlight.get()).as("requestsInFlight seen by another thread").isBetween(0L, 1L);
            assertThat(m.rowsSent()).isEqualTo(rows);
            assertThat(m.maxHeldRows()).as("most rows held at once").isBetween((long) batchRows, bound);
            assertThat(maxHeldSeen).isLessThanOrEqualTo(m.maxHeldRows());
            assertThat(m.maxHeldBytes()).as("most value bytes held at once").isEqualTo(m.maxHeldRows() * rowBytes);
            assertThat(m.heldRows()).isZero();
            assertThat(m.heldBytes()).isZero();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(rows);
    }

    /** Counter deltas are not idempotent: the pipeline must not retry them after a timeout. */
    @Test
    void counterUpdatesAreWrittenAsNonIdempotent() {
        String counters = CassandraTestSupport.createTable("ctr", "id int PRIMARY KEY, c counter");
        String plain = CassandraTestSupport.createTable("plain", "id int PRIMARY KEY, c bigint");
        Cluster cluster = CassandraTestSupport.clusterBuilder().getCluster();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings());
                NativeStatement counter = session.prepare("UPDATE " + counters + " SET c = c + ? WHERE id = ?");
                NativeStatement insert = session.prepare("INSERT INTO " + plain + " (id, c) VALUES (?, ?)")) {
            assertThat(RowBatcher.writerSettings(cluster, new SinkOptions(), counter.query(), counter.metadata()).toString())
                    .contains("\"idempotent\":false");
            assertThat(RowBatcher.writerSettings(cluster, new SinkOptions(), insert.query(), insert.metadata()).toString())
                    .contains("\"idempotent\":true");
        }
    }

    /**
     * A write at consistency THREE on a keyspace with one replica is unavailable: it is retried
     * as configured, then the failure handler gets a {@link CassandraUnavailableException}.
     */
    @Test
    void transientFailureIsRetriedThenReportedToTheHandler() throws Exception {
        String table = CassandraTestSupport.createTable("unavail", "id int PRIMARY KEY, v text");
        Recording handler = new Recording();
        try (RowBatcher writer = open(new ConsistencyThree().getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", new SinkOptions().maxRetries(2), handler)) {
            writer.add(new Object[] {1, "x"});
            writer.flush();

            assertThat(handler.failures).singleElement()
                    .isInstanceOf(CassandraUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("3 attempts"));
            assertThat(writer.metrics().retries()).isEqualTo(2);
            assertThat(writer.metrics().failures()).isEqualTo(1);
            assertThat(writer.metrics().rowsSent()).isZero();
        }
        assertThat(CassandraTestSupport.count(table)).isZero();
    }

    @Test
    void stringForAnIntColumnFailsBeforeAnythingIsSent() throws Exception {
        Throwable rejected = assertRejectedBeforeSending("id int PRIMARY KEY, age int", "(id, age) VALUES (?, ?)",
                new Object[] {1, "forty"}, "age", "of CQL type int", "java.lang.String");
        assertThat(rejected.getMessage()).as("record values stay out of messages by default").doesNotContain("forty");
    }

    @Test
    void wrongNumberOfFieldsFailsBeforeAnythingIsSent() throws Exception {
        assertRejectedBeforeSending("id int PRIMARY KEY, age int, name text", "(id, age, name) VALUES (?, ?, ?)",
                new Object[] {1, 2}, "expects 3 values (id, age, name) but got 2");
    }

    @Test
    void nullPartitionKeyFailsBeforeAnythingIsSent() throws Exception {
        assertRejectedBeforeSending("id int, c int, v text, PRIMARY KEY (id, c)", "(id, c, v) VALUES (?, ?, ?)",
                new Object[] {null, 1, "v"}, ".id is part of the partition key and cannot be null");
    }

    @Test
    void valuesOutsideTheirCqlTypeFailBeforeAnythingIsSent() throws Exception {
        assertRejectedBeforeSending("id int PRIMARY KEY, s smallint", "(id, s) VALUES (?, ?)",
                new Object[] {1, 70_000}, "s", "smallint", "java.lang.Integer");
        assertRejectedBeforeSending("id int PRIMARY KEY, a ascii", "(id, a) VALUES (?, ?)",
                new Object[] {1, "naïve"}, "a", "ascii", "java.lang.String", "is not ASCII");
        assertRejectedBeforeSending("id int PRIMARY KEY, t timeuuid", "(id, t) VALUES (?, ?)",
                new Object[] {1, UUID.randomUUID()}, "t", "timeuuid", "java.util.UUID");
        assertRejectedBeforeSending("id int PRIMARY KEY, l list<int>", "(id, l) VALUES (?, ?)",
                new Object[] {1, java.util.Arrays.asList(1, null)}, "l", "list<int>", "element 1 is null");
    }

    // ------------------------------------------------------------------ helpers

    /** Adds a good row and the bad one; the bad one throws, names what it must, and nothing reaches the server. */
    private static Throwable assertRejectedBeforeSending(String columns, String insertTail, Object[] bad, String... expected)
            throws IOException {
        Throwable rejected;
        String table = CassandraTestSupport.createTable("bad", columns);
        String query = "INSERT INTO " + table + " " + insertTail;
        try (RowBatcher writer = open(CassandraTestSupport.clusterBuilder().getCluster(), query,
                new SinkOptions(), new Failing())) {
            rejected = catchThrowable(() -> writer.add(bad));
            assertThat(rejected)
                    .isInstanceOf(CassandraInvalidValueException.class)
                    .hasMessageContaining(query)
                    .satisfies(e -> assertThat(e.getMessage()).contains(expected));
            assertThat(writer.bufferedRows()).isZero();
            assertThat(writer.metrics().batchesSubmitted()).isZero();
        }
        assertThat(CassandraTestSupport.count(table)).isZero();
        return rejected;
    }

    private static RowBatcher open(Cluster cluster, String query, SinkOptions options, CassandraFailureHandler handler) {
        return RowBatcher.open(cluster, query, null, options, handler);
    }

    /** Fails the test on any write failure. */
    private static final class Failing implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;

        @Override
        public void onFailure(Throwable failure) throws IOException {
            throw new IOException("unexpected write failure", failure);
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

    /** The test server, with writes at consistency THREE. */
    static final class ConsistencyThree extends ClusterBuilder {
        private static final long serialVersionUID = 1L;

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(CassandraTestSupport.server().host())
                    .withPort(CassandraTestSupport.server().nativePort())
                    .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.THREE))
                    .build();
        }
    }
}
