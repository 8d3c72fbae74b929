package org.apache.flink.connector.cassandra.source;

import com.datastax.driver.core.QueryOptions;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.MapperOptions;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.connectors.cassandra.internal.mapping.PojoMapping;
import org.apache.flink.streaming.connectors.cassandra.internal.source.CassandraQuery;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;
import org.apache.flink.streaming.connectors.cassandra.internal.source.SourceSettings;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraEnumeratorState;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraEnumeratorStateSerializer;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraSplitEnumerator;
import org.apache.flink.connector.cassandra.source.reader.CassandraSourceReader;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.connector.cassandra.source.split.CassandraSplitSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

/**
 * A bounded source (FLIP-27) that reads the rows of one SELECT from Cassandra, in parallel over
 * ranges of the token ring, with bounded memory: rows come a page at a time (the fetch size) and
 * a reader holds at most two pages, however large its splits.
 *
 * <pre>{@code
 * DataStream<Pojo> pojos = env.fromSource(
 *         CassandraSource.builder()
 *                 .setClusterBuilder(clusterBuilder)
 *                 .setQuery("SELECT id, name FROM ks.users;")
 *                 .buildForPojo(Pojo.class),
 *         WatermarkStrategy.noWatermarks(), "users");
 * }</pre>
 *
 * <p>The official connector's constructors ({@code new CassandraSource<>(clusterBuilder, Pojo.class,
 * query, mapperOptions)}, with or without {@code maxSplitMemorySize}) and its {@link #builder()}
 * ({@code buildForPojo}, {@code buildForRowData}) work unchanged.
 *
 * <p>The query must read one table named with its keyspace and must not restrict the partition
 * key or use {@code token(..)}, {@code LIMIT}, {@code PER PARTITION LIMIT}, {@code ORDER BY},
 * {@code GROUP BY} or aggregates, which would apply per range instead of to the table; other
 * {@code WHERE} conditions and {@code ALLOW FILTERING} are kept. The source adds {@code
 * token(pk) > ? AND token(pk) <= ?}. Violations fail at construction (or, for those that need the
 * schema, when the job starts) with a message naming the problem.
 *
 * <p>The number of splits is {@link #setSplitCount configured}, or chosen so that each holds about
 * {@link #setMaxSplitMemorySize} bytes by {@code system.size_estimates}, and at least four per
 * reader. Checkpoints record unread splits and how far the current one was read, so a restart
 * neither reads a row twice nor skips one (given that the table does not change meanwhile).
 */
@PublicEvolving
public class CassandraSource<OUT>
        implements Source<OUT, CassandraSplit, CassandraEnumeratorState>, ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final ClusterBuilder clusterBuilder;
    private CassandraQuery query;
    private final RowConverter<OUT> converter;
    private final TypeInformation<OUT> type;
    private Integer splitCount;
    private Integer fetchSize;
    private long maxSplitMemorySize = SourceSettings.DEFAULT_MAX_SPLIT_BYTES;

    CassandraSource(
            ClusterBuilder clusterBuilder, String query, RowConverter<OUT> converter, TypeInformation<OUT> type) {
        this.clusterBuilder = Preconditions.checkNotNull(clusterBuilder, "clusterBuilder must not be null");
        // As the official source: drop an anonymous builder's unused reference to its outer
        // instance (often a non-serializable job class), so the source can be shipped.
        ClosureCleaner.clean(clusterBuilder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
        this.query = CassandraQuery.parse(Preconditions.checkNotNull(query, "query must not be null"));
        this.converter = converter;
        this.type = Preconditions.checkNotNull(type, "type information must not be null");
    }

    /** The official connector's builder: cluster, query, mapper options, split size, then the output type. */
    public static CassandraSourceBuilder builder() {
        return new CassandraSourceBuilder();
    }

    /**
     * Reads POJOs whose fields map to the result columns by the sink's mapper annotations
     * ({@code @Column(name = ..)}, {@code @Transient}); the class needs a no-argument constructor.
     * (The official connector's constructor; its mapper options do not apply to reads.)
     */
    public CassandraSource(ClusterBuilder clusterBuilder, Class<OUT> pojoClass, String query, MapperOptions mapperOptions) {
        this(clusterBuilder, query, RowConverter.forPojos(checkPojo(pojoClass)), TypeExtractor.createTypeInfo(pojoClass));
    }

    /** As above, splits sized to about {@code maxSplitMemorySize} bytes (the official constructor). */
    public CassandraSource(ClusterBuilder clusterBuilder, long maxSplitMemorySize, Class<OUT> pojoClass, String query,
            MapperOptions mapperOptions) {
        this(clusterBuilder, pojoClass, query, mapperOptions);
        setMaxSplitMemorySize(maxSplitMemorySize);
    }

    private static <T> Class<T> checkPojo(Class<T> pojoClass) {
        Preconditions.checkNotNull(pojoClass, "POJO class required but not provided");
        PojoMapping.fieldsByColumn(pojoClass);
        return pojoClass;
    }

    /** Reads POJOs (see {@link #CassandraSource(ClusterBuilder, Class, String, MapperOptions)}). */
    public static <T> CassandraSource<T> forPojos(ClusterBuilder clusterBuilder, String query, Class<T> pojoClass) {
        return new CassandraSource<>(clusterBuilder, pojoClass, query, null);
    }

    /** Reads {@link Row}s of the given field types, one field per result column, in order. */
    public static CassandraSource<Row> forRows(ClusterBuilder clusterBuilder, String query, RowTypeInfo rowType) {
        return new CassandraSource<>(clusterBuilder, query, RowConverter.forRows(rowType.getArity()), rowType);
    }

    /** Reads tuples of the given type, one field per result column, in order. */
    public static <T extends Tuple> CassandraSource<T> forTuples(
            ClusterBuilder clusterBuilder, String query, TypeInformation<T> tupleType) {
        Preconditions.checkArgument(tupleType.isTupleType(), "forTuples needs a tuple type, got %s", tupleType);
        return new CassandraSource<>(clusterBuilder, query, RowConverter.forTuples(tupleType), tupleType);
    }

    /** Reads records built by {@code converter} (the SQL connector builds RowData this way). */
    @org.apache.flink.annotation.Internal
    public static <T> CassandraSource<T> forConverter(
            ClusterBuilder clusterBuilder, String query, RowConverter<T> converter, TypeInformation<T> type) {
        return new CassandraSource<>(clusterBuilder, query, converter, type);
    }

    /** Reads the ring in exactly {@code splitCount} token ranges of equal width. */
    public CassandraSource<OUT> setSplitCount(int splitCount) {
        if (splitCount < 1) {
            throw new CassandraConfigurationException("setSplitCount: must be at least 1, got " + splitCount);
        }
        this.splitCount = splitCount;
        return this;
    }

    /** Rows per page (default: the cluster's {@code QueryOptions} fetch size). Bounds a reader's memory. */
    public CassandraSource<OUT> setFetchSize(int fetchSize) {
        if (fetchSize < 1) {
            throw new CassandraConfigurationException("setFetchSize: must be at least 1 row, got " + fetchSize);
        }
        this.fetchSize = fetchSize;
        return this;
    }

    /**
     * Reads at most {@code rows} rows of each split ({@code LIMIT} on each token-range query), for
     * a consumer that needs only that many rows and applies the overall limit itself (the SQL
     * source's LIMIT push-down). A resumed split continues its paging state, so the limit holds
     * across restarts too.
     */
    @org.apache.flink.annotation.Internal
    public CassandraSource<OUT> limitEachSplit(long rows) {
        this.query = query.withLimitPerRange(rows);
        return this;
    }

    /** The estimated bytes per split when the split count is not set (default 64 MiB). */
    public CassandraSource<OUT> setMaxSplitMemorySize(long bytes) {
        if (bytes < 1) {
            throw new CassandraConfigurationException("setMaxSplitMemorySize: must be positive, got " + bytes);
        }
        this.maxSplitMemorySize = bytes;
        return this;
    }

    private SourceSettings settings() {
        return new SourceSettings(clusterBuilder, query, splitCount, fetchSize, maxSplitMemorySize);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<CassandraSplit, CassandraEnumeratorState> createEnumerator(
            SplitEnumeratorContext<CassandraSplit> context) {
        return new CassandraSplitEnumerator(context, settings(), CassandraEnumeratorState.initial());
    }

    @Override
    public SplitEnumerator<CassandraSplit, CassandraEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<CassandraSplit> context, CassandraEnumeratorState checkpoint) {
        return new CassandraSplitEnumerator(context, settings(), checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<CassandraSplit> getSplitSerializer() {
        return CassandraSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<CassandraEnumeratorState> getEnumeratorCheckpointSerializer() {
        return CassandraEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public SourceReader<OUT, CassandraSplit> createReader(SourceReaderContext readerContext) {
        return new CassandraSourceReader<>(readerContext, settings(), converter);
    }

    @Override
    public TypeInformation<OUT> getProducedType() {
        return type;
    }

    @Override
    public String toString() {
        return "CassandraSource{" + settings() + ", type=" + type + '}';
    }
}
