package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.connectors.cassandra.CassandraWriteAheadSinkBase;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlCodec;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.table.data.RowData;

import java.util.List;

/**
 * {@code sink.delivery-guarantee = 'exactly-once'}: the DataStream write-ahead-log sink over
 * {@link RowData}. Rows wait in Flink's state until their checkpoint completes and are then
 * written with deterministic write times; the committer records written checkpoints. Insert-only
 * (the planner is told so), since a replayed checkpoint must rewrite identical cells.
 */
@Internal
public final class TableWriteAheadSink extends CassandraWriteAheadSinkBase<RowData> {
    private static final long serialVersionUID = 1L;

    private final SinkSpec spec;
    private transient List<CqlTypeMapping.Converter> converters;
    private transient RowData.FieldGetter[] getters;

    public TableWriteAheadSink(SinkSpec spec, TypeSerializer<RowData> serializer, CheckpointCommitter committer)
            throws Exception {
        super(spec.insertCql(), serializer, spec.connection, committer);
        this.spec = spec;
    }

    @Override
    public void open() throws Exception {
        try (NativeSession session = NativeSession.open(spec.connection.getCluster().connectionSettings())) {
            converters = spec.check(CqlTableSchema.read(session, spec.keyspace, spec.table));
        }
        getters = new RowData.FieldGetter[spec.columns.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(spec.types.get(i), i);
        }
        super.open();
    }

    @Override
    protected Object[] fields(RowData row) {
        int n = getters.length;
        Object[] values = new Object[n + (spec.ttlIndex >= 0 ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            Object v = getters[i].getFieldOrNull(row);
            values[i] = v == null ? (spec.options.ignoreNullFields() ? CqlCodec.UNSET : null) : converters.get(i).convert(v);
        }
        if (spec.ttlIndex >= 0) {
            values[n] = row.isNullAt(spec.ttlIndex)
                    ? (spec.staticTtlSeconds != null ? spec.staticTtlSeconds : CqlCodec.UNSET)
                    : (Object) row.getInt(spec.ttlIndex);
        }
        return values;
    }
}
