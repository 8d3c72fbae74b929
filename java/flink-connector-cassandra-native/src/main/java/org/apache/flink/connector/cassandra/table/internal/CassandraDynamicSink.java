package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code 'connector' = 'cassandra'} as a sink: append without a declared primary key, upsert
 * (with deletes) with one; {@code ttl} and {@code writetime} writable metadata; exactly-once
 * through the write-ahead log.
 */
@Internal
public final class CassandraDynamicSink implements DynamicTableSink, SupportsWritingMetadata {
    public static final String TTL = "ttl";
    public static final String WRITETIME = "writetime";

    private final TableConnection connection;
    private final String keyspace;
    private final String table;
    private final List<String> columns;
    private final List<LogicalType> types;
    private final List<String> primaryKey;
    private final SinkSettings settings;
    private List<String> metadataKeys = Collections.emptyList();

    /** Write options of the sink, as given by the factory. */
    public static final class SinkSettings implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions options;
        final Integer staticTtlSeconds;
        final boolean exactlyOnce;
        final String committerKeyspace;
        final Integer parallelism;

        public SinkSettings(org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions options,
                Integer staticTtlSeconds, boolean exactlyOnce, String committerKeyspace,
                Integer parallelism) {
            this.options = options;
            this.staticTtlSeconds = staticTtlSeconds;
            this.exactlyOnce = exactlyOnce;
            this.committerKeyspace = committerKeyspace;
            this.parallelism = parallelism;
        }
    }

    public CassandraDynamicSink(TableConnection connection, String keyspace, String table, List<String> columns,
            List<LogicalType> types, List<String> primaryKey, SinkSettings settings) {
        this.connection = connection;
        this.keyspace = keyspace;
        this.table = table;
        this.columns = columns;
        this.types = types;
        this.primaryKey = primaryKey;
        this.settings = settings;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        if (primaryKey.isEmpty() || settings.exactlyOnce) {
            return ChangelogMode.insertOnly();
        }
        return ChangelogMode.newBuilder()
                .addContainedKind(RowKind.INSERT)
                .addContainedKind(RowKind.UPDATE_AFTER)
                .addContainedKind(RowKind.DELETE)
                .build();
    }

    SinkSpec spec() {
        int n = columns.size();
        return new SinkSpec(connection, keyspace, table, columns, types, primaryKey,
                metadataKeys.contains(TTL) ? n + metadataKeys.indexOf(TTL) : -1,
                metadataKeys.contains(WRITETIME) ? n + metadataKeys.indexOf(WRITETIME) : -1,
                settings.staticTtlSeconds, settings.options, !primaryKey.isEmpty());
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        SinkSpec spec = spec();
        if (!settings.exactlyOnce) {
            return settings.parallelism == null
                    ? SinkV2Provider.of(new CassandraRowDataSink(spec))
                    : SinkV2Provider.of(new CassandraRowDataSink(spec), settings.parallelism);
        }
        if (spec.writetimeIndex >= 0) {
            throw new org.apache.flink.table.api.ValidationException(
                    "'sink.delivery-guarantee' = 'exactly-once' chooses the write times itself: "
                            + "the 'writetime' metadata column is not supported with it.");
        }
        List<LogicalType> consumed = new ArrayList<>(types);
        if (spec.ttlIndex >= 0) {
            consumed.add(new org.apache.flink.table.types.logical.IntType());
        }
        RowType rowType = RowType.of(consumed.toArray(new LogicalType[0]));
        TypeInformation<RowData> rowInfo = context.createTypeInformation(TypeConversions.fromLogicalToDataType(rowType));
        String committerKeyspace = settings.committerKeyspace != null ? settings.committerKeyspace : CassandraCommitter.DEFAULT_KEYSPACE;
        return new DataStreamSinkProvider() {
            @Override
            public DataStreamSink<?> consumeDataStream(ProviderContext providerContext, DataStream<RowData> stream) {
                TableWriteAheadSink operator;
                try {
                    operator = new TableWriteAheadSink(spec, rowInfo.createSerializer(
                            stream.getExecutionConfig().getSerializerConfig()),
                            new CassandraCommitter(connection, committerKeyspace));
                } catch (Exception e) {
                    throw new org.apache.flink.table.api.TableException("Cannot create the Cassandra write-ahead-log sink for "
                            + keyspace + "." + table + ": " + e.getMessage(), e);
                }
                DataStream<RowData> out = stream.transform("Cassandra Sink " + keyspace + "." + table,
                        rowInfo, operator);
                providerContext.generateUid("cassandra-wal").ifPresent(uid -> ((org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<RowData>) out).uid(uid));
                if (settings.parallelism != null) {
                    ((org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<RowData>) out).setParallelism(settings.parallelism);
                }
                // the operator writes; Flink's provider contract still ends in a sink
                return out.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                        .name("Cassandra write-ahead log end");
            }
        };
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        metadata.put(TTL, org.apache.flink.table.api.DataTypes.INT());
        metadata.put(WRITETIME, org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ(6));
        return metadata;
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        this.metadataKeys = new ArrayList<>(metadataKeys);
    }

    @Override
    public DynamicTableSink copy() {
        CassandraDynamicSink copy = new CassandraDynamicSink(connection, keyspace, table, columns, types, primaryKey, settings);
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    /** No password: the connection prints without secrets. */
    @Override
    public String asSummaryString() {
        return "Cassandra(" + keyspace + "." + table + (primaryKey.isEmpty() ? ", append" : ", upsert " + primaryKey)
                + (settings.exactlyOnce ? ", exactly-once" : "") + ")";
    }
}
