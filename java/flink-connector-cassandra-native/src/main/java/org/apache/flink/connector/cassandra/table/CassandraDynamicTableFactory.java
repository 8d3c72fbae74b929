package org.apache.flink.connector.cassandra.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.cassandra.table.internal.CassandraDynamicSink;
import org.apache.flink.connector.cassandra.table.internal.CassandraDynamicSource;
import org.apache.flink.connector.cassandra.table.internal.CqlTableSchema;
import org.apache.flink.connector.cassandra.table.internal.TableConnection;
import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.flink.connector.cassandra.table.CassandraConnectorOptions.*;

/**
 * The factory of {@code 'connector' = 'cassandra'} tables, sink and source:
 *
 * <pre>{@code
 * CREATE TABLE counts (word STRING, n BIGINT, PRIMARY KEY (word) NOT ENFORCED) WITH (
 *   'connector' = 'cassandra', 'hosts' = '127.0.0.1', 'keyspace' = 'ks', 'table' = 'counts');
 * }</pre>
 *
 * <p>Options: {@link CassandraConnectorOptions}; their table is in docs/sql.md.
 */
@PublicEvolving
public final class CassandraDynamicTableFactory implements DynamicTableSinkFactory, DynamicTableSourceFactory {
    public static final String IDENTIFIER = "cassandra";
    private static final Pattern FROM = Pattern.compile("(?is)\\bFROM\\s+\"?([A-Za-z0-9_]+)\"?\\.\"?([A-Za-z0-9_]+)\"?");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Collections.emptySet();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new HashSet<>(Arrays.asList(
                HOSTS, PORT, KEYSPACE, TABLE, USERNAME, PASSWORD, LOCAL_DATACENTER, SSL_ENABLED, SSL_TRUSTSTORE_PATH,
                SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE, SSL_KEYSTORE_PATH, SSL_KEYSTORE_PASSWORD,
                SSL_KEYSTORE_TYPE, SSL_HOSTNAME_VERIFICATION, CONNECT_TIMEOUT, REQUEST_TIMEOUT, PROTOCOL_VERSION,
                COMPRESSION, CLUSTER_BUILDER_CLASS,
                SINK_CONSISTENCY_LEVEL, SINK_DELIVERY_GUARANTEE, SINK_COMMITTER_KEYSPACE, SINK_MAX_CONCURRENT_REQUESTS,
                SINK_BATCH_MAX_ROWS, SINK_BATCH_FLUSH_INTERVAL, SINK_MAX_RETRIES, SINK_IGNORE_NULL_FIELDS, SINK_TTL,
                SINK_PARALLELISM, SINK_BATCH_GROUPING, SINK_BATCH_GROUPING_MAX_ROWS, SINK_BATCH_GROUPING_MAX_BYTES,
                SCAN_CONSISTENCY_LEVEL, SCAN_SPLIT_SIZE, MAX_SPLIT_MEMORY_SIZE, SCAN_PAGE_SIZE, QUERY,
                LOOKUP_ASYNC, LOOKUP_MAX_RETRIES, LOOKUP_MAX_CONCURRENT_REQUESTS, LookupOptions.CACHE_TYPE,
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS, LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
                LookupOptions.PARTIAL_CACHE_MAX_ROWS, LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY));
    }

    private static String required(ReadableConfig options, ConfigOption<String> option) {
        return options.getOptional(option).filter(v -> !v.trim().isEmpty()).orElseThrow(() ->
                new ValidationException("Option '" + option.key() + "' is required for a Cassandra table."));
    }

    /** {@code sink.batch.grouping}, case-insensitive: none, partition or replica-set. */
    static BatchGrouping batchGrouping(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return BatchGrouping.NONE;
            case "partition":
                return BatchGrouping.PARTITION;
            case "replica-set":
                return BatchGrouping.REPLICA_SET;
            default:
                throw new ValidationException("Option '" + SINK_BATCH_GROUPING.key()
                        + "' must be 'none', 'partition' or 'replica-set', got '" + value + "'.");
        }
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        if (options.getOptional(QUERY).isPresent()) {
            throw new ValidationException("Option 'query' is for reading; a Cassandra table written to needs 'keyspace' and 'table'.");
        }
        String keyspace = required(options, KEYSPACE);
        String table = required(options, TABLE);
        TableConnection connection = TableConnection.of(options, options.get(SINK_CONSISTENCY_LEVEL));
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        List<String> columns = new ArrayList<>();
        List<LogicalType> types = new ArrayList<>();
        for (Column column : schema.getColumns()) {
            if (column.isPhysical()) {
                columns.add(column.getName());
                types.add(column.getDataType().getLogicalType());
            }
        }
        List<String> primaryKey = schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(Collections.emptyList());

        String guarantee = options.get(SINK_DELIVERY_GUARANTEE).toLowerCase(Locale.ROOT);
        if (!guarantee.equals("at-least-once") && !guarantee.equals("exactly-once")) {
            throw new ValidationException("Option 'sink.delivery-guarantee' must be 'at-least-once' or 'exactly-once', got '"
                    + options.get(SINK_DELIVERY_GUARANTEE) + "'.");
        }
        SinkOptions sinkOptions = new SinkOptions();
        BatchGrouping grouping = batchGrouping(options.get(SINK_BATCH_GROUPING));
        int groupRows = options.get(SINK_BATCH_GROUPING_MAX_ROWS);
        if (groupRows < 1 || groupRows > Short.MAX_VALUE) {
            throw new ValidationException("Option '" + SINK_BATCH_GROUPING_MAX_ROWS.key() + "' must be 1 to "
                    + Short.MAX_VALUE + " (rows of one batch), got " + groupRows + ".");
        }
        long groupBytes = options.get(SINK_BATCH_GROUPING_MAX_BYTES).getBytes();
        if (groupBytes < 1 || groupBytes > Integer.MAX_VALUE) {
            throw new ValidationException("Option '" + SINK_BATCH_GROUPING_MAX_BYTES.key() + "' must be 1 byte to "
                    + Integer.MAX_VALUE + " bytes, got " + options.get(SINK_BATCH_GROUPING_MAX_BYTES) + ".");
        }
        try {
            // the write plan's RecordEncoder is the one place that turns nulls into unset values
            sinkOptions.batchRows(options.get(SINK_BATCH_MAX_ROWS)).linger(options.get(SINK_BATCH_FLUSH_INTERVAL))
                    .ignoreNullFields(options.get(SINK_IGNORE_NULL_FIELDS))
                    .batchGrouping(grouping).batchGroupLimits(groupRows, (int) groupBytes);
            options.getOptional(SINK_MAX_CONCURRENT_REQUESTS).ifPresent(n -> sinkOptions.maxConcurrentRequests(n, null));
            options.getOptional(SINK_MAX_RETRIES).ifPresent(sinkOptions::maxRetries);
        } catch (RuntimeException e) {
            throw new ValidationException("Invalid sink option: " + e.getMessage(), e);
        }
        Integer ttl = null;
        if (options.getOptional(SINK_TTL).isPresent()) {
            Duration d = options.get(SINK_TTL);
            if (d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0 || d.getSeconds() > Integer.MAX_VALUE) {
                throw new ValidationException("Option 'sink.ttl' must be a positive whole number of seconds, got " + d + ".");
            }
            ttl = (int) d.getSeconds();
        }
        Integer parallelism = options.getOptional(SINK_PARALLELISM).orElse(null);
        if (parallelism != null && parallelism < 1) {
            throw new ValidationException("Option 'sink.parallelism' must be at least 1, got " + parallelism + ".");
        }
        CassandraDynamicSink.SinkSettings settings = new CassandraDynamicSink.SinkSettings(sinkOptions,
                ttl, guarantee.equals("exactly-once"),
                options.getOptional(SINK_COMMITTER_KEYSPACE).orElse(null), parallelism);
        return new CassandraDynamicSink(connection, keyspace, table, columns, types, primaryKey, settings);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String query = options.getOptional(QUERY).orElse(null);
        String keyspace = options.getOptional(KEYSPACE).orElse(null);
        String table = options.getOptional(TABLE).orElse(null);
        if (query != null && (keyspace == null || table == null)) {
            Matcher m = FROM.matcher(query);
            if (!m.find()) {
                throw new ValidationException("Option 'query' must read a table named with its keyspace (SELECT .. FROM ks.t).");
            }
            keyspace = keyspace != null ? keyspace : m.group(1);
            table = table != null ? table : m.group(2);
        }
        if (keyspace == null) {
            required(options, KEYSPACE);
        }
        if (table == null) {
            required(options, TABLE);
        }
        TableConnection connection = TableConnection.of(options, options.get(SCAN_CONSISTENCY_LEVEL));
        List<String> columns = new ArrayList<>();
        List<LogicalType> types = new ArrayList<>();
        for (Column column : context.getCatalogTable().getResolvedSchema().getColumns()) {
            if (column.isPhysical()) {
                columns.add(column.getName());
                types.add(column.getDataType().getLogicalType());
            }
        }
        List<String> partitionKey = Collections.emptyList();
        List<String> clusteringKey = Collections.emptyList();
        List<String> regularColumns = new ArrayList<>();
        if (query == null) {
            // the key kinds decide push-down and lookups: the DDL does not tell partition from clustering
            try (NativeSession session = NativeSession.open(connection.getCluster().connectionSettings())) {
                CqlTableSchema cql = CqlTableSchema.read(session, keyspace, table);
                for (String column : columns) {
                    cql.type(column);
                }
                partitionKey = columns.containsAll(cql.partitionKey()) ? cql.partitionKey() : Collections.emptyList();
                clusteringKey = cql.clusteringKey();
                for (String column : cql.columns().keySet()) {
                    if (!cql.primaryKey().contains(column)) {
                        regularColumns.add(column);
                    }
                }
            }
        }
        Long maxSplitBytes = options.getOptional(SCAN_SPLIT_SIZE).map(mib -> (long) mib << 20)
                .orElse(options.getOptional(MAX_SPLIT_MEMORY_SIZE).orElse(null));
        if (maxSplitBytes != null && maxSplitBytes < 1) {
            throw new ValidationException("Option 'scan.split-size' / 'max-split-memory-size' must be positive.");
        }
        int retries = options.get(LOOKUP_MAX_RETRIES);
        if (retries < 0) {
            throw new ValidationException("Option 'lookup.max-retries' must not be negative, got " + retries + ".");
        }
        int inFlight = options.get(LOOKUP_MAX_CONCURRENT_REQUESTS);
        if (inFlight < 1) {
            throw new ValidationException("Option 'lookup.max-concurrent-requests' must be at least 1, got " + inFlight + ".");
        }
        CassandraDynamicSource.ReadSettings settings = new CassandraDynamicSource.ReadSettings(query, maxSplitBytes,
                options.get(SCAN_PAGE_SIZE), options.get(LOOKUP_ASYNC), retries, inFlight);
        LookupCache cache = null;
        if (options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.PARTIAL) {
            cache = DefaultLookupCache.fromConfig(options);
        }
        return new CassandraDynamicSource(connection, keyspace, table, columns, types, partitionKey, clusteringKey,
                regularColumns, settings, cache);
    }
}
