package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.SocketOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared pieces of the connector's integration tests: the server, a keyspace, fresh tables. */
public final class CassandraTestSupport {
    public static final String KEYSPACE = "flink_it";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private CassandraTestSupport() {}

    /** A MiniCluster with one task manager and four slots, shared by a test class. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    /**
     * A job's restart strategy as options: both Flink lines read them from the job's configuration
     * ({@code env.configure(...)}); {@code RestartStrategies} is gone in Flink 2.
     */
    public static Configuration fixedDelayRestarts(int attempts, long delayMillis) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(delayMillis));
        return conf;
    }

    /** A job that does not restart, as options (see {@link #fixedDelayRestarts}). */
    public static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    public static CassandraTestServer server() {
        return CassandraExtension.server();
    }

    /** Connects to the shared test server, as a job would. */
    public static ClusterBuilder clusterBuilder() {
        return new TestClusterBuilder(server().host(), server().nativePort());
    }

    /** Connects to {@code host:port}, without starting the test server. */
    public static ClusterBuilder clusterBuilderFor(String host, int port) {
        return new TestClusterBuilder(host, port);
    }

    /**
     * Runs one CQL statement (creating the test keyspace first when needed). The tests' own DDL and
     * counts wait up to {@value #ADMIN_REQUEST_TIMEOUT_MILLIS} ms for an answer: on a busy machine a
     * schema change or a count(*) may take longer than a job's request timeout, and the test
     * checks data, not speed.
     */
    public static QueryResult cql(String statement) {
        ClusterBuilder admin = new TestClusterBuilder(server().host(), server().nativePort(), ADMIN_REQUEST_TIMEOUT_MILLIS);
        try (NativeSession session = NativeSession.open(admin.getCluster().connectionSettings())) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            return session.execute(statement);
        }
    }

    /** Creates {@code flink_it.<prefix><n>} with the given column definitions; returns its name. */
    public static String createTable(String prefix, String columns) {
        String table = KEYSPACE + "." + prefix + TABLES.incrementAndGet();
        cql("CREATE TABLE " + table + " (" + columns + ")");
        return table;
    }

    public static long count(String table) {
        return (Long) cql("SELECT count(*) FROM " + table).singleValue();
    }

    public static List<Object[]> rows(String select) {
        return cql(select).rows();
    }

    static final int ADMIN_REQUEST_TIMEOUT_MILLIS = 120_000;

    /** Serializable connection to the test server. */
    static final class TestClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;
        /** 0: the driver's default. */
        private final int requestTimeoutMillis;

        TestClusterBuilder(String host, int port) {
            this(host, port, 0);
        }

        TestClusterBuilder(String host, int port, int requestTimeoutMillis) {
            this.host = host;
            this.port = port;
            this.requestTimeoutMillis = requestTimeoutMillis;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            builder.addContactPoint(host).withPort(port);
            if (requestTimeoutMillis > 0) {
                builder.withSocketOptions(new SocketOptions().setReadTimeoutMillis(requestTimeoutMillis));
            }
            return builder.build();
        }
    }

    /** Major and minor version of the Flink on the classpath, e.g. {@code {2, 3}}. */
    public static int[] flinkVersion() {
        String version = EnvironmentInformation.getVersion();
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!m.lookingAt()) {
            throw new IllegalStateException("Flink version on the classpath not known: " + version);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Appended to an {@code INSERT} into a table with a primary key whose query has another (or no)
     * upsert key: Flink 2.3's planner refuses such an INSERT without an {@code ON CONFLICT} clause,
     * and {@code DO DEDUPLICATE} keeps 1.20's behaviour (docs/sql.md, "ON CONFLICT"). Empty before
     * 2.3, whose parser has no {@code ON CONFLICT}.
     */
    public static String onConflict() {
        int[] v = flinkVersion();
        return v[0] > 2 || (v[0] == 2 && v[1] >= 3) ? " ON CONFLICT DO DEDUPLICATE" : "";
    }
}
