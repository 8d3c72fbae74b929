package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.CassandraUnavailableException;
import org.apache.flink.streaming.connectors.cassandra.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.ConsistencyLevel;
import org.apache.flink.streaming.connectors.cassandra.QueryOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterMetrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink's write path ({@link BatchingWriter} over the native pipeline) against the real
 * server: the in-flight window bounds memory, bad rows fail before anything is sent, transient
 * failures are retried and then reported, counter updates are not idempotent.
 */
class BatchingWriterITCase {

    /**
     * With the window at 1, a stream much larger than the window never has more than one write
     * in flight or unacknowledged, and neither the heap nor the process grows with the input.
     */
    @Test
    void windowOfOneBoundsInFlightWritesAndMemory() throws Exception {
        String table = CassandraTestSupport.createTable("window", "id int PRIMARY KEY, payload blob");
        int rows = 12_000;
        byte[] payload = new byte[4096]; // 48 MiB of input in all
        SinkOptions options = new SinkOptions().maxConcurrentRequests(1, null).batchRows(500);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong maxSampledInFlight = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        try (BatchingWriter writer = open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (id, payload) VALUES (?, ?)", options, new Failing())) {
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    maxSampledInFlight.accumulateAndGet(writer.metrics().inFlight(), Math::max);
                    Thread.onSpinWait();
                }
            }, "in-flight-sampler");
            sampler.setDaemon(true);
            sampler.start();

            long heapAtQuarter = 0;
            long rssAtQuarter = 0;
            long jvmCommittedAtQuarter = 0;
            long maxUnacknowledged = 0;
            for (int i = 0; i < rows; i++) {
                writer.add(new Object[] {i, payload});
                WriterMetrics m = writer.metrics();
                assertThat(m.inFlight()).isLessThanOrEqualTo(1);
                maxUnacknowledged = Math.max(maxUnacknowledged, writer.rowsSubmitted() - m.rowsSent() - m.failures());
                if (i == rows / 4) {
                    System.gc();
                    heapAtQuarter = memory.getHeapMemoryUsage().getUsed();
                    rssAtQuarter = residentSetBytes();
                    jvmCommittedAtQuarter = jvmCommitted(memory);
                }
            }
            writer.flush();
            done.set(true);
            sampler.join();
            System.gc();
            long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapAtQuarter;
            // What the process grew by outside the JVM's own heap and non-heap pools (which the
            // collector may expand at will): native memory, where an unbounded queue would show.
            long rssGrowth = residentSetBytes() - rssAtQuarter - (jvmCommitted(memory) - jvmCommittedAtQuarter);

            assertThat(maxSampledInFlight.get()).as("requestsInFlight seen by another thread").isBetween(0L, 1L);
            assertThat(maxUnacknowledged).as("rows handed over but not yet acknowledged").isLessThanOrEqualTo(1);
            assertThat(writer.metrics().rowsSent()).isEqualTo(rows);
            // 36 MiB of input went through between the two measurements
            assertThat(heapGrowth).as("heap growth").isLessThan(16L << 20);
            if (rssAtQuarter > 0) {
                assertThat(rssGrowth).as("resident set growth outside the JVM's pools").isLessThan(24L << 20);
            }
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(rows);
    }

    private static long jvmCommitted(MemoryMXBean memory) {
        return memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
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
            assertThat(BatchingWriter.writerSettings(cluster, new SinkOptions(), counter.query(), counter.metadata()).toString())
                    .contains("\"idempotent\":false");
            assertThat(BatchingWriter.writerSettings(cluster, new SinkOptions(), insert.query(), insert.metadata()).toString())
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
        try (BatchingWriter writer = open(new ConsistencyThree().getCluster(),
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
        assertRejectedBeforeSending("id int PRIMARY KEY, age int", "(id, age) VALUES (?, ?)",
                new Object[] {1, "forty"}, "age", "of CQL type int", "java.lang.String", "\"forty\"");
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
    private static void assertRejectedBeforeSending(String columns, String insertTail, Object[] bad, String... expected)
            throws IOException {
        String table = CassandraTestSupport.createTable("bad", columns);
        String query = "INSERT INTO " + table + " " + insertTail;
        try (BatchingWriter writer = open(CassandraTestSupport.clusterBuilder().getCluster(), query,
                new SinkOptions(), new Failing())) {
            assertThatThrownBy(() -> writer.add(bad))
                    .isInstanceOf(CassandraInvalidValueException.class)
                    .hasMessageContaining(query)
                    .satisfies(e -> assertThat(e.getMessage()).contains(expected));
            assertThat(writer.bufferedRows()).isZero();
            assertThat(writer.metrics().batchesSubmitted()).isZero();
        }
        assertThat(CassandraTestSupport.count(table)).isZero();
    }

    private static BatchingWriter open(Cluster cluster, String query, SinkOptions options, CassandraFailureHandler handler) {
        return BatchingWriter.open(cluster, query, null, options, handler);
    }

    /** VmRSS of this process in bytes, or 0 where /proc is not available. */
    private static long residentSetBytes() {
        try {
            List<String> lines = Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
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
