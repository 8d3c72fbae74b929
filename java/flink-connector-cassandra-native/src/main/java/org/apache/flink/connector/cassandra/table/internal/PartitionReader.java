package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Reads the partitions a pushed-down partition-key filter selects, each with one
 * single-partition query ({@code WHERE pk = ? [AND ck > ?] [LIMIT n]}), a page at a time. The
 * input is the index of the partition in {@link ScanSpec#partitions}.
 */
@Internal
public final class PartitionReader extends RichFlatMapFunction<Integer, RowData> {
    private static final long serialVersionUID = 1L;

    private final TableConnection connection;
    private final ScanSpec spec;
    private final List<String> produced;
    private final List<LogicalType> producedTypes;
    private final int pageSize;
    private transient NativeSession session;
    private transient NativeStatement statement;
    private transient CqlTypeMapping.Converter[] keyConverters;
    private transient CqlTypeMapping.Converter[] boundConverters;
    private transient RowConverters converters;

    public PartitionReader(TableConnection connection, ScanSpec spec, List<String> produced,
            List<LogicalType> producedTypes, int pageSize) {
        this.connection = connection;
        this.spec = spec;
        this.produced = produced;
        this.producedTypes = producedTypes;
        this.pageSize = pageSize;
    }

    @Override
    public void open(OpenContext context) {
        session = NativeSession.open(connection.getCluster().connectionSettings());
        CqlTableSchema schema = CqlTableSchema.read(session, spec.keyspace, spec.table);
        keyConverters = new CqlTypeMapping.Converter[spec.partitionKey.size()];
        for (int i = 0; i < keyConverters.length; i++) {
            String column = spec.partitionKey.get(i);
            keyConverters[i] = CqlTypeMapping.toCql(column, spec.partitionKeyTypes.get(i), schema.type(column));
        }
        boundConverters = new CqlTypeMapping.Converter[spec.clusteringBounds.size()];
        for (int i = 0; i < boundConverters.length; i++) {
            ScanSpec.Bound b = spec.clusteringBounds.get(i);
            boundConverters[i] = CqlTypeMapping.toCql(b.column, b.type, schema.type(b.column));
        }
        converters = new RowConverters(schema, produced, producedTypes, spec.columns);
        statement = session.prepare(spec.partitionCql());
    }

    @Override
    public void flatMap(Integer index, Collector<RowData> out) {
        Object[] key = spec.partitions.get(index);
        Object[] values = new Object[key.length + boundConverters.length];
        for (int i = 0; i < key.length; i++) {
            values[i] = keyConverters[i].convert(ScanSpec.internal(key[i], spec.partitionKeyTypes.get(i)));
        }
        for (int i = 0; i < boundConverters.length; i++) {
            ScanSpec.Bound b = spec.clusteringBounds.get(i);
            values[key.length + i] = boundConverters[i].convert(ScanSpec.internal(b.value, b.type));
        }
        byte[] paging = null;
        do {
            RowBuffer bind = new RowBuffer(1024);
            statement.encoder().encodeRow(values, bind);
            QueryResult page = statement.executePage(bind, connection.consistency(), pageSize, paging);
            for (Object[] cells : page.rows()) {
                out.collect(converters.convert(cells));
            }
            paging = page.pagingState();
        } while (paging != null);
    }

    @Override
    public void close() {
        if (statement != null) {
            statement.close();
        }
        if (session != null) {
            session.close();
        }
    }
}
