package org.apache.flink.streaming.connectors.cassandra.cluster;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.policies.ConstantReconnectionPolicy;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.SocketOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraCluster;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraClusterExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CqlQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Shared pieces of the 3-node tests: keyspaces, connections, the nodes' own counters, a paced job input. */
final class ClusterTestSupport {
    /** Replication factor 3: every node holds every row. */
    static final String KEYSPACE = "flink_cluster";
    /** Replication factor 1: each row lives on one node (to see which node coordinated a write). */
    static final String KEYSPACE_RF1 = "flink_cluster_rf1";
    /** The write-ahead sinks' checkpoint table, replicated to all nodes (one may be down). */
    static final String AUX_KEYSPACE = "flink_cluster_aux";
    static final String RF3 = "{'class': 'SimpleStrategy', 'replication_factor': 3}";

    private static final AtomicInteger TABLES = new AtomicInteger();

    private ClusterTestSupport() {}

    static CassandraCluster cluster() {
        return CassandraClusterExtension.cluster();
    }

    /** All three nodes as contact points, at {@code consistency}, with a request timeout. */
    static ClusterBuilder builder(String consistency, int requestTimeoutMillis) {
        return new NodesClusterBuilder(cluster().addresses().toArray(new String[0]), cluster().nativePort(),
                consistency, requestTimeoutMillis);
    }

    /** Runs a statement through a session to all nodes at QUORUM. */
    static QueryResult cql(String statement) {
        try (NativeSession session = NativeSession.open(builder("QUORUM", 20_000).getCluster().connectionSettings())) {
            return session.execute(statement, "QUORUM");
        }
    }

    /** Creates {@code keyspace.<prefix><n>} and waits until every running node knows it. */
    static String createTable(String keyspace, String prefix, String columns) {
        String replication = keyspace.equals(KEYSPACE_RF1)
                ? "{'class': 'SimpleStrategy', 'replication_factor': 1}"
                : RF3;
        cql("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
        String name = prefix + TABLES.incrementAndGet();
        cql("CREATE TABLE " + keyspace + "." + name + " (" + columns + ")");
        awaitSchema(keyspace, name);
        return keyspace + "." + name;
    }

    /**
     * Waits until each node's schema has the table (a statement prepared on a node that lacks it
     * fails) and all nodes agree on the schema version: a node that has the table's row but has
     * not applied it yet rejects writes to it (INCOMPATIBLE_SCHEMA), seen after all nodes restarted.
     */
    static void awaitSchema(String keyspace, String table) {
        await("table " + keyspace + "." + table + " on every node, one schema version", 120, () -> {
            java.util.Set<Object> versions = new java.util.HashSet<>();
            for (int i = 1; i <= cluster().size(); i++) {
                if (!cluster().node(i).isRunning()) {
                    continue;
                }
                List<Map<String, Object>> rows = onNode(i, "SELECT table_name FROM system_schema.tables WHERE keyspace_name = '"
                        + keyspace + "' AND table_name = '" + table + "'");
                if (rows.isEmpty()) {
                    return false;
                }
                versions.add(onNode(i, "SELECT schema_version FROM system.local").get(0).get("schema_version"));
            }
            return versions.size() == 1;
        });
    }

    /** Rows of {@code table} counted at QUORUM (retried while a dead node is not yet known as dead). */
    static long count(String table) {
        return (Long) read("SELECT count(*) FROM " + table).singleValue();
    }

    /** A read at QUORUM, retried like {@link #count}. */
    static List<Object[]> rows(String select) {
        return read(select).rows();
    }

    /**
     * Runs a read at QUORUM, retrying for up to 3 minutes. Right after a node is killed, the
     * others still count it alive for a few seconds (failure detector) and a coordinator sends it
     * part of a range scan, which then times out; a retry a little later goes to the live ones.
     */
    private static QueryResult read(String select) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                return cql(select);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.println("retrying a QUORUM read of the test (" + e.getMessage() + ")");
                sleep(2_000);
            }
        }
    }

    /** A statement run on node {@code i} only (it coordinates), at ONE. */
    static List<Map<String, Object>> onNode(int i, String cql) {
        try {
            return CqlQuery.execute(CassandraCluster.address(i), cluster().nativePort(), 20_000, cql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many writes to {@code table} node {@code i} coordinated since it started (its own counter). */
    static long coordinatorWrites(int i, String table) {
        return tableMetric(i, "coordinator_write_latency", table);
    }

    /** How many writes to {@code table} node {@code i} applied locally as a replica since it started. */
    static long localWrites(int i, String table) {
        return tableMetric(i, "local_write_latency", table);
    }

    private static long tableMetric(int i, String view, String qualifiedTable) {
        String[] parts = qualifiedTable.split("\\.");
        List<Map<String, Object>> rows = onNode(i, "SELECT count FROM system_views." + view
                + " WHERE keyspace_name = '" + parts[0] + "' AND table_name = '" + parts[1] + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + seconds + " s waiting for " + what);
            }
            sleep(200);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum over all sinks of {@code job} of the gauge whose identifier ends with {@code suffix}
     * (e.g. ".cassandra.retries"). Walks the groups rather than a map keyed by identifier: with
     * two subtasks of one operator, Flink's own metrics (numBytesOutPerSecond, ...) repeat an
     * identifier, and {@code getMetricsByIdentifiers} fails on the duplicate key.
     */
    static long sumGauges(InMemoryReporter reporter, JobID job, String suffix) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> metric : group.getValue().entrySet()) {
                if (group.getKey().getMetricIdentifier(metric.getKey()).endsWith(suffix)) {
                    sum += ((Number) ((Gauge<?>) metric.getValue()).getValue()).longValue();
                }
            }
        }
        return sum;
    }

    /**
     * The job's input, paced so that a test can act on the cluster while it runs: every record
     * sleeps a little; records are counted in {@link #PROGRESS}; when {@code holdAt} records went
     * by, every subtask waits for {@link #GATE} (opened by the test once the cluster is back).
     * The MiniCluster runs in the test JVM, so static fields are shared with the test.
     */
    static final class Paced extends RichMapFunction<Long, Tuple2<Long, String>> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong PROGRESS = new AtomicLong();
        static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();
        static volatile CountDownLatch gate = new CountDownLatch(0);

        private final long sleepEvery;
        private final long holdAt;

        /** Sleeps 1 ms every {@code sleepEvery} records; holds at {@code holdAt} (-1: never). */
        Paced(long sleepEvery, long holdAt) {
            this.sleepEvery = sleepEvery;
            this.holdAt = holdAt;
        }

        static void reset(boolean hold) {
            PROGRESS.set(0);
            MAX_ATTEMPT.set(0);
            gate = new CountDownLatch(hold ? 1 : 0);
        }

        static void open() {
            gate.countDown();
        }

        @Override
        public Tuple2<Long, String> map(Long id) throws Exception {
            MAX_ATTEMPT.accumulateAndGet(getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
            long seen = PROGRESS.incrementAndGet();
            if (seen % sleepEvery == 0) {
                Thread.sleep(1);
            }
            if (holdAt >= 0 && seen >= holdAt && !gate.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            return Tuple2.of(id, "v" + id);
        }
    }

    /** Serializable connection to the three nodes. */
    static final class NodesClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String[] hosts;
        private final int port;
        private final String consistency;
        private final int requestTimeoutMillis;

        NodesClusterBuilder(String[] hosts, int port, String consistency, int requestTimeoutMillis) {
            this.hosts = hosts;
            this.port = port;
            this.consistency = consistency;
            this.requestTimeoutMillis = requestTimeoutMillis;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoints(hosts).withPort(port)
                    .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.valueOf(consistency)))
                    .withSocketOptions(new SocketOptions().setReadTimeoutMillis(requestTimeoutMillis))
                    .withReconnectionPolicy(new ConstantReconnectionPolicy(1_000))
                    .build();
        }
    }
}
