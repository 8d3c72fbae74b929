package org.apache.flink.connector.cassandra.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;

import java.time.Duration;

/**
 * Options of the {@code 'connector' = 'cassandra'} tables and of the {@code 'type' = 'cassandra'}
 * catalog. The official connector's scan options ({@code hosts}, {@code port}, {@code keyspace},
 * {@code table}, {@code username}, {@code password}, {@code consistency-level}, {@code
 * connect-timeout}, {@code read-timeout}, {@code query}, {@code max-split-memory-size}, {@code
 * cluster-builder-class}) keep their meaning. See docs/sql.md for the table of all of them.
 */
@PublicEvolving
public final class CassandraConnectorOptions {
    private CassandraConnectorOptions() {}

    // ---------------------------------------------------------------- connection

    public static final ConfigOption<String> HOSTS = ConfigOptions.key("hosts").stringType().noDefaultValue()
            .withDescription("Contact points, comma-separated, each 'host' or 'host:port'.");
    public static final ConfigOption<Integer> PORT = ConfigOptions.key("port").intType().defaultValue(9042)
            .withDescription("Native port of the contact points given without one.");
    public static final ConfigOption<String> KEYSPACE = ConfigOptions.key("keyspace").stringType().noDefaultValue()
            .withDescription("Keyspace of the table.");
    public static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue()
            .withDescription("Cassandra table.");
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue()
            .withDescription("User for PasswordAuthenticator.");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("Password for PasswordAuthenticator; never printed.");
    public static final ConfigOption<String> LOCAL_DATACENTER = ConfigOptions.key("local-datacenter").stringType()
            .noDefaultValue().withDescription("Datacenter whose nodes coordinate requests.");
    public static final ConfigOption<Boolean> SSL_ENABLED = ConfigOptions.key("ssl.enabled").booleanType()
            .defaultValue(false).withDescription("TLS to the nodes.");
    public static final ConfigOption<String> SSL_TRUSTSTORE_PATH = ConfigOptions.key("ssl.truststore.path").stringType()
            .noDefaultValue().withDescription("Trust store (JKS or PKCS12); default: the JDK's.");
    public static final ConfigOption<String> SSL_TRUSTSTORE_PASSWORD = ConfigOptions.key("ssl.truststore.password")
            .stringType().noDefaultValue().withDescription("Trust store password; never printed.");
    public static final ConfigOption<String> SSL_TRUSTSTORE_TYPE = ConfigOptions.key("ssl.truststore.type").stringType()
            .defaultValue("JKS").withDescription("JKS or PKCS12 (both are detected from the file).");
    public static final ConfigOption<String> SSL_KEYSTORE_PATH = ConfigOptions.key("ssl.keystore.path").stringType()
            .noDefaultValue().withDescription("Key store for mutual TLS (JKS or PKCS12).");
    public static final ConfigOption<String> SSL_KEYSTORE_PASSWORD = ConfigOptions.key("ssl.keystore.password")
            .stringType().noDefaultValue().withDescription("Key store password; never printed.");
    public static final ConfigOption<String> SSL_KEYSTORE_TYPE = ConfigOptions.key("ssl.keystore.type").stringType()
            .defaultValue("JKS").withDescription("JKS or PKCS12 (both are detected from the file).");
    public static final ConfigOption<Boolean> SSL_HOSTNAME_VERIFICATION = ConfigOptions
            .key("ssl.hostname-verification").booleanType().defaultValue(true)
            .withDescription("Whether server certificates must match the host name.");
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("connect-timeout").durationType()
            .defaultValue(Duration.ofMillis(5000)).withDescription("Connect timeout (a bare number is milliseconds).");
    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("request-timeout").durationType()
            .noDefaultValue().withFallbackKeys("read-timeout")
            .withDescription("Per-request timeout; 'read-timeout' (official name, default 10 s) is the same.");
    public static final ConfigOption<Integer> PROTOCOL_VERSION = ConfigOptions.key("protocol-version").intType()
            .noDefaultValue().withDescription("Native protocol version: 4 (default) or 5.");
    public static final ConfigOption<String> COMPRESSION = ConfigOptions.key("compression").stringType()
            .defaultValue("NONE").withDescription("NONE or LZ4.");
    public static final ConfigOption<String> CLUSTER_BUILDER_CLASS = ConfigOptions.key("cluster-builder-class")
            .stringType().noDefaultValue()
            .withDescription("A ClusterBuilder subclass with a no-argument constructor; replaces the connection options.");

    // ---------------------------------------------------------------- sink

    public static final ConfigOption<String> SINK_CONSISTENCY_LEVEL = ConfigOptions.key("sink.consistency-level")
            .stringType().defaultValue("LOCAL_QUORUM").withDescription("Consistency of the writes.");
    public static final ConfigOption<String> SINK_DELIVERY_GUARANTEE = ConfigOptions
            .key("sink.delivery-guarantee").stringType().defaultValue("at-least-once")
            .withDescription("at-least-once or exactly-once (write-ahead log with the committer; append only).");
    public static final ConfigOption<String> SINK_COMMITTER_KEYSPACE = ConfigOptions.key("sink.committer.keyspace")
            .stringType().noDefaultValue()
            .withDescription("Keyspace of the exactly-once committer's checkpoint table (default: the table's).");
    public static final ConfigOption<Integer> SINK_MAX_CONCURRENT_REQUESTS = ConfigOptions
            .key("sink.max-concurrent-requests").intType().noDefaultValue()
            .withDescription("Writes in flight per subtask.");
    public static final ConfigOption<Integer> SINK_BATCH_MAX_ROWS = ConfigOptions.key("sink.batch.max-rows").intType()
            .defaultValue(1000).withDescription("Rows per hand-over to the native pipeline.");
    public static final ConfigOption<Duration> SINK_BATCH_FLUSH_INTERVAL = ConfigOptions
            .key("sink.batch.flush-interval").durationType().defaultValue(Duration.ofMillis(20))
            .withDescription("Longest time a row waits in the buffer.");
    public static final ConfigOption<String> SINK_BATCH_GROUPING = ConfigOptions.key("sink.batch.grouping").stringType()
            .defaultValue("none")
            .withDescription("none, partition or replica-set: the rows of one buffer that share a partition "
                    + "(or a replica set) go as one UNLOGGED batch (the DataStream builder's setBatchGrouping).");
    public static final ConfigOption<Integer> SINK_BATCH_GROUPING_MAX_ROWS = ConfigOptions
            .key("sink.batch.grouping.max-rows").intType().defaultValue(WriterSettings.DEFAULT_BATCH_MAX_ROWS)
            .withDescription("Most rows of one grouped batch.");
    public static final ConfigOption<MemorySize> SINK_BATCH_GROUPING_MAX_BYTES = ConfigOptions
            .key("sink.batch.grouping.max-bytes").memoryType()
            .defaultValue(new MemorySize(WriterSettings.DEFAULT_BATCH_MAX_BYTES))
            .withDescription("Most bound-value bytes (each value with its 4-byte length) of one grouped batch.");
    public static final ConfigOption<Integer> SINK_MAX_RETRIES = ConfigOptions.key("sink.max-retries").intType()
            .noDefaultValue().withDescription("Retries of a failed write.");
    public static final ConfigOption<Boolean> SINK_IGNORE_NULL_FIELDS = ConfigOptions.key("sink.ignore-null-fields")
            .booleanType().defaultValue(false)
            .withDescription("Leave columns whose value is null untouched instead of writing a tombstone.");
    public static final ConfigOption<Duration> SINK_TTL = ConfigOptions.key("sink.ttl").durationType().noDefaultValue()
            .withDescription("Static TTL of the written rows (whole seconds).");
    public static final ConfigOption<Integer> SINK_PARALLELISM = ConfigOptions.key("sink.parallelism").intType()
            .noDefaultValue().withDescription("Parallelism of the sink.");

    // ---------------------------------------------------------------- source

    public static final ConfigOption<String> SCAN_CONSISTENCY_LEVEL = ConfigOptions.key("scan.consistency-level")
            .stringType().defaultValue("LOCAL_ONE").withFallbackKeys("consistency-level")
            .withDescription("Consistency of the reads ('consistency-level' is the official name).");
    public static final ConfigOption<Integer> SCAN_SPLIT_SIZE = ConfigOptions.key("scan.split-size").intType()
            .noDefaultValue()
            .withDescription("MiB per split, by system.size_estimates (default: max-split-memory-size).");
    public static final ConfigOption<Long> MAX_SPLIT_MEMORY_SIZE = ConfigOptions.key("max-split-memory-size").longType()
            .defaultValue(64L << 20).withDescription("Bytes per split (official name).");
    public static final ConfigOption<Integer> SCAN_PAGE_SIZE = ConfigOptions.key("scan.page-size").intType()
            .defaultValue(5000).withDescription("Rows per page.");
    public static final ConfigOption<String> QUERY = ConfigOptions.key("query").stringType().noDefaultValue()
            .withDescription("A raw SELECT read instead of the whole table (no push-down then).");

    // ---------------------------------------------------------------- lookup

    public static final ConfigOption<Boolean> LOOKUP_ASYNC = ConfigOptions.key("lookup.async").booleanType()
            .defaultValue(true).withDescription("Asynchronous lookups.");
    public static final ConfigOption<Integer> LOOKUP_MAX_RETRIES = ConfigOptions.key("lookup.max-retries").intType()
            .defaultValue(3).withDescription("Retries of a failed lookup.");
    public static final ConfigOption<Integer> LOOKUP_MAX_CONCURRENT_REQUESTS = ConfigOptions
            .key("lookup.max-concurrent-requests").intType().defaultValue(16)
            .withDescription("Asynchronous lookups in flight per subtask; further keys wait for a free slot.");
}
