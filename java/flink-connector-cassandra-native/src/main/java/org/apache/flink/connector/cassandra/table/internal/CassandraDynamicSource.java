package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.cassandra.source.CassandraSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code 'connector' = 'cassandra'} as a bounded scan (on {@link CassandraSource}) and a lookup
 * source. Push-down: projection (only selected columns are read), equality / IN on every
 * partition key column (single-partition reads instead of a ring scan), ranges on the first
 * clustering column with such reads, and LIMIT (per partition query, or per token-range split
 * of a ring scan; Flink applies the overall limit). Readable metadata: {@link ReadMetadata}.
 */
@Internal
public final class CassandraDynamicSource
        implements ScanTableSource, LookupTableSource, SupportsProjectionPushDown, SupportsFilterPushDown,
        SupportsLimitPushDown, SupportsReadingMetadata {
    /** More partitions than this are read with a ring scan instead of one query each. */
    public static final int MAX_PUSHED_PARTITIONS = 1000;

    /** Scan and lookup settings, as given by the factory. */
    public static final class ReadSettings implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final String query;
        final Long maxSplitBytes;
        final int pageSize;
        final boolean lookupAsync;
        final int lookupMaxRetries;
        final int lookupMaxInFlight;

        public ReadSettings(String query, Long maxSplitBytes, int pageSize, boolean lookupAsync, int lookupMaxRetries,
                int lookupMaxInFlight) {
            this.query = query;
            this.maxSplitBytes = maxSplitBytes;
            this.pageSize = pageSize;
            this.lookupAsync = lookupAsync;
            this.lookupMaxRetries = lookupMaxRetries;
            this.lookupMaxInFlight = lookupMaxInFlight;
        }
    }

    private final TableConnection connection;
    private final String keyspace;
    private final String table;
    /** Every physical column and its type, as declared. */
    private final List<String> columns;
    private final List<LogicalType> types;
    /** The Cassandra key as declared by the options or the catalog (empty: unknown, no key push-down). */
    private final List<String> partitionKey;
    private final List<String> clusteringKey;
    /** The Cassandra table's regular (non-key) columns, declared or not: their metadata is readable. */
    private final List<String> regularColumns;
    private final ReadSettings settings;
    private final LookupCache cache;
    private int[] projection;
    private Map<String, List<Object>> keyValues = new LinkedHashMap<>();
    private List<ScanSpec.Bound> bounds = new ArrayList<>();
    private Long limit;
    /** Metadata keys read after the physical columns ({@link ReadMetadata}). */
    private List<String> metadataKeys = new ArrayList<>();

    public CassandraDynamicSource(TableConnection connection, String keyspace, String table, List<String> columns,
            List<LogicalType> types, List<String> partitionKey, List<String> clusteringKey, List<String> regularColumns,
            ReadSettings settings, LookupCache cache) {
        this.connection = connection;
        this.keyspace = keyspace;
        this.table = table;
        this.columns = columns;
        this.types = types;
        this.partitionKey = partitionKey;
        this.clusteringKey = clusteringKey;
        this.regularColumns = regularColumns;
        this.settings = settings;
        this.cache = cache;
        this.projection = new int[columns.size()];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = i;
        }
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    /** The projected physical columns, then the metadata keys. */
    private List<String> producedColumns() {
        List<String> out = new ArrayList<>();
        for (int i : projection) {
            out.add(columns.get(i));
        }
        out.addAll(metadataKeys);
        return out;
    }

    private List<LogicalType> producedTypes() {
        List<LogicalType> out = new ArrayList<>();
        for (int i : projection) {
            out.add(types.get(i));
        }
        Map<String, DataType> readable = listReadableMetadata();
        for (String key : metadataKeys) {
            out.add(readable.get(key).getLogicalType());
        }
        return out;
    }

    /** The pushed-down partitions (cartesian product of each key column's values), or null for a ring scan. */
    private List<Object[]> partitions() {
        if (partitionKey.isEmpty() || !keyValues.keySet().containsAll(partitionKey)) {
            return null;
        }
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[0]);
        for (String key : partitionKey) {
            List<Object[]> next = new ArrayList<>();
            for (Object[] prefix : out) {
                for (Object v : keyValues.get(key)) {
                    Object[] p = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                    p[prefix.length] = v;
                    next.add(p);
                }
            }
            out = next;
        }
        return out.size() > MAX_PUSHED_PARTITIONS ? null : out;
    }

    ScanSpec scanSpec() {
        List<String> read = producedColumns();
        List<LogicalType> readTypes = producedTypes();
        if (read.isEmpty()) {
            // SELECT needs a column: read the first key column, produce empty rows
            String first = partitionKey.isEmpty() ? columns.get(0) : partitionKey.get(0);
            read = Collections.singletonList(first);
            readTypes = Collections.singletonList(types.get(columns.indexOf(first)));
        }
        List<Object[]> partitions = partitions();
        List<LogicalType> keyTypes = new ArrayList<>();
        for (String k : partitionKey) {
            keyTypes.add(types.get(columns.indexOf(k)));
        }
        return new ScanSpec(keyspace, table, read, readTypes, partitionKey, keyTypes, partitions,
                partitions == null ? Collections.emptyList() : bounds, limit);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        ScanSpec spec = scanSpec();
        List<String> produced = producedColumns();
        List<LogicalType> producedTypes = producedTypes();
        DataType producedType = TypeConversions.fromLogicalToDataType(
                org.apache.flink.table.types.logical.RowType.of(producedTypes.toArray(new LogicalType[0]),
                        produced.toArray(new String[0])));
        TypeInformation<RowData> info = context.createTypeInformation(producedType);
        String name = "Cassandra " + keyspace + "." + table;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext providerContext, StreamExecutionEnvironment env) {
                if (settings.query == null && spec.partitions != null) {
                    List<Integer> indexes = new ArrayList<>();
                    for (int i = 0; i < spec.partitions.size(); i++) {
                        indexes.add(i);
                    }
                    return env.fromData(indexes).name(name + " partitions")
                            .flatMap(new PartitionReader(connection, spec, produced, producedTypes, settings.pageSize))
                            .name(name).returns(info);
                }
                String cql = settings.query != null ? settings.query : spec.scanCql();
                List<String> resultColumns = settings.query != null ? columns : spec.columns;
                CassandraSource<RowData> source = CassandraSource.forConverter(connection, cql,
                        new RowDataConverter(resultColumns, produced, producedTypes), info).setFetchSize(settings.pageSize);
                if (settings.maxSplitBytes != null) {
                    source.setMaxSplitMemorySize(settings.maxSplitBytes);
                }
                if (settings.query == null && spec.limit != null) {
                    source.limitEachSplit(spec.limit); // no split needs more; Flink keeps the overall limit
                }
                return env.fromSource(source, WatermarkStrategy.noWatermarks(), name);
            }

            @Override
            public boolean isBounded() {
                return true;
            }
        };
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        List<String> keys = new ArrayList<>();
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int[] path : context.getKeys()) {
            keys.add(columns.get(path[0]));
            keyTypes.add(types.get(path[0]));
        }
        checkLookupKeys(keys);
        // look-ups in key order of the table, so the statement reads naturally
        List<String> read = new ArrayList<>(columns);
        List<LogicalType> readTypes = new ArrayList<>(types);
        Map<String, DataType> readable = listReadableMetadata();
        for (String key : metadataKeys) {
            read.add(key);
            readTypes.add(readable.get(key).getLogicalType());
        }
        CassandraLookupFunction lookup = new CassandraLookupFunction(connection, keyspace, table, read, readTypes, keys,
                keyTypes, settings.lookupMaxRetries, settings.pageSize);
        if (settings.lookupAsync) {
            CassandraAsyncLookup function = new CassandraAsyncLookup(lookup, settings.lookupMaxInFlight);
            return cache == null ? AsyncLookupFunctionProvider.of(function) : PartialCachingAsyncLookupProvider.of(function, cache);
        }
        CassandraSyncLookup function = new CassandraSyncLookup(lookup);
        return cache == null ? LookupFunctionProvider.of(function) : PartialCachingLookupProvider.of(function, cache);
    }

    /** A lookup must name the whole partition key and a prefix of the clustering key. */
    private void checkLookupKeys(List<String> keys) {
        if (partitionKey.isEmpty()) {
            return; // key unknown at planning: the server checks the statement when it is prepared
        }
        List<String> missing = new ArrayList<>();
        for (String k : partitionKey) {
            if (!keys.contains(k)) {
                missing.add(k);
            }
        }
        int prefix = 0;
        while (prefix < clusteringKey.size() && keys.contains(clusteringKey.get(prefix))) {
            prefix++;
        }
        List<String> other = new ArrayList<>(keys);
        other.removeAll(partitionKey);
        other.removeAll(clusteringKey.subList(0, prefix));
        if (!missing.isEmpty() || !other.isEmpty()) {
            throw new ValidationException("A lookup join on Cassandra table " + keyspace + "." + table
                    + " must join on the whole partition key " + partitionKey + " and a prefix of the clustering key "
                    + clusteringKey + "; it joins on " + keys + ".");
        }
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        int[] top = new int[projectedFields.length];
        for (int i = 0; i < top.length; i++) {
            top[i] = projection[projectedFields[i][0]];
        }
        projection = top;
    }

    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        for (ResolvedExpression filter : filters) {
            if (settings.query == null && acceptKeyFilter(filter)) {
                accepted.add(filter); // exact: partition key equality is evaluated by Cassandra
            } else if (settings.query == null && acceptBound(filter)) {
                accepted.add(filter);
                remaining.add(filter); // kept in Flink too: a ring scan ignores bounds
            } else {
                remaining.add(filter);
            }
        }
        return Result.of(accepted, remaining);
    }

    /** {@code pk = literal}, {@code pk IN (..)} or an OR of equalities on one partition key column. */
    private boolean acceptKeyFilter(ResolvedExpression filter) {
        List<Object> values = new ArrayList<>();
        String column = equalities(filter, values);
        if (column == null || !partitionKey.contains(column) || keyValues.containsKey(column)) {
            return false;
        }
        keyValues.put(column, values);
        return true;
    }

    /** The column when {@code e} is {@code column = literal} or an OR / IN of them; adds the literals. */
    private String equalities(ResolvedExpression e, List<Object> values) {
        if (!(e instanceof CallExpression)) {
            return null;
        }
        CallExpression call = (CallExpression) e;
        FunctionDefinition f = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (f == BuiltInFunctionDefinitions.EQUALS && args.size() == 2) {
            return columnLiteral(args.get(0), args.get(1), values) ? ((FieldReferenceExpression) args.get(0)).getName()
                    : columnLiteral(args.get(1), args.get(0), values) ? ((FieldReferenceExpression) args.get(1)).getName() : null;
        }
        if (f == BuiltInFunctionDefinitions.IN && args.size() >= 2 && args.get(0) instanceof FieldReferenceExpression) {
            for (int i = 1; i < args.size(); i++) {
                if (!columnLiteral(args.get(0), args.get(i), values)) {
                    return null;
                }
            }
            return ((FieldReferenceExpression) args.get(0)).getName();
        }
        if (f == BuiltInFunctionDefinitions.OR) {
            String column = null;
            for (ResolvedExpression arg : args) {
                String c = equalities(arg, values);
                if (c == null || (column != null && !column.equals(c))) {
                    return null;
                }
                column = c;
            }
            return column;
        }
        return null;
    }

    private boolean columnLiteral(ResolvedExpression field, ResolvedExpression literal, List<Object> values) {
        if (!(field instanceof FieldReferenceExpression) || !(literal instanceof ValueLiteralExpression)) {
            return false;
        }
        FieldReferenceExpression ref = (FieldReferenceExpression) field;
        ValueLiteralExpression lit = (ValueLiteralExpression) literal;
        if (lit.isNull()) {
            return false;
        }
        LogicalType columnType = types.get(columns.indexOf(ref.getName()));
        if (!lit.getOutputDataType().getLogicalType().equals(columnType.copy(false))
                && !lit.getOutputDataType().getLogicalType().copy(true).equals(columnType.copy(true))) {
            return false; // an implicit cast: leave it to Flink
        }
        Optional<?> value = lit.getValueAs(TypeConversions.fromLogicalToDataType(columnType).getConversionClass());
        if (!value.isPresent()) {
            return false;
        }
        values.add(value.get());
        return true;
    }

    /** {@code ck1 <op> literal} on the first clustering column. */
    private boolean acceptBound(ResolvedExpression filter) {
        if (clusteringKey.isEmpty() || !(filter instanceof CallExpression)) {
            return false;
        }
        CallExpression call = (CallExpression) filter;
        FunctionDefinition f = call.getFunctionDefinition();
        String op = f == BuiltInFunctionDefinitions.GREATER_THAN ? ">"
                : f == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL ? ">="
                : f == BuiltInFunctionDefinitions.LESS_THAN ? "<"
                : f == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL ? "<=" : null;
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (op == null || args.size() != 2) {
            return false;
        }
        List<Object> values = new ArrayList<>();
        if (!columnLiteral(args.get(0), args.get(1), values)) {
            return false;
        }
        String column = ((FieldReferenceExpression) args.get(0)).getName();
        if (!column.equals(clusteringKey.get(0))) {
            return false;
        }
        bounds.add(new ScanSpec.Bound(column, op, values.get(0), types.get(columns.indexOf(column))));
        return true;
    }

    @Override
    public void applyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        if (settings.query != null) {
            return Collections.emptyMap(); // a raw query's columns are its own
        }
        return ReadMetadata.keys(regularColumns);
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = new ArrayList<>(metadataKeys);
    }

    @Override
    public DynamicTableSource copy() {
        CassandraDynamicSource copy = new CassandraDynamicSource(connection, keyspace, table, columns, types, partitionKey,
                clusteringKey, regularColumns, settings, cache);
        copy.projection = projection.clone();
        copy.keyValues = new LinkedHashMap<>(keyValues);
        copy.bounds = new ArrayList<>(bounds);
        copy.limit = limit;
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Cassandra(" + keyspace + "." + table + ")";
    }
}
