package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/** Turns the ring scan's rows (decoded cells, in SELECT order) into {@link RowData}. */
@Internal
public final class ScanRowConverter extends RichMapFunction<Row, RowData> {
    private static final long serialVersionUID = 1L;

    private final TableConnection connection;
    private final ScanSpec spec;
    /** The produced columns (empty when the query reads no column Flink needs). */
    private final List<String> produced;
    private final List<LogicalType> producedTypes;
    private transient RowConverters converters;

    public ScanRowConverter(TableConnection connection, ScanSpec spec, List<String> produced, List<LogicalType> producedTypes) {
        this.connection = connection;
        this.spec = spec;
        this.produced = produced;
        this.producedTypes = producedTypes;
    }

    @Override
    public void open(OpenContext context) {
        try (NativeSession session = NativeSession.open(connection.getCluster().connectionSettings())) {
            converters = new RowConverters(CqlTableSchema.read(session, spec.keyspace, spec.table), produced, producedTypes,
                    new ArrayList<>(spec.columns));
        }
    }

    @Override
    public RowData map(Row row) {
        Object[] cells = new Object[row.getArity()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = row.getField(i);
        }
        return converters.convert(cells);
    }
}
