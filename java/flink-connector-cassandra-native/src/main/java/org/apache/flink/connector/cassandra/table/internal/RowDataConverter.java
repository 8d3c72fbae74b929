package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.List;

/**
 * Builds the scan's {@link RowData} straight from the decoded cells, with the CQL types of the
 * result columns (so no record crosses Flink's serializers in between).
 */
@Internal
public final class RowDataConverter extends RowConverter<RowData> {
    private static final long serialVersionUID = 1L;

    /** Which declared column each result column is, in result order. */
    private final List<String> resultNames;
    private final List<String> produced;
    private final List<LogicalType> producedTypes;
    private transient CqlTypeMapping.Converter[] converters;
    private transient int[] positions;

    public RowDataConverter(List<String> resultNames, List<String> produced, List<LogicalType> producedTypes) {
        this.resultNames = resultNames;
        this.produced = produced;
        this.producedTypes = producedTypes;
    }

    @Override
    public void open(List<ColumnSpec> columns) {
        if (columns.size() < resultNames.size()) {
            throw new ValidationException("The query returns " + columns.size() + " columns but the Flink table declares "
                    + resultNames.size() + " " + resultNames + ".");
        }
        converters = new CqlTypeMapping.Converter[produced.size()];
        positions = new int[produced.size()];
        for (int i = 0; i < converters.length; i++) {
            positions[i] = resultNames.indexOf(produced.get(i));
            converters[i] = ReadMetadata.isKey(produced.get(i)) ? ReadMetadata.converter(produced.get(i))
                    : CqlTypeMapping.toFlink(produced.get(i), columns.get(positions[i]).type(), producedTypes.get(i));
        }
    }

    @Override
    public RowData convert(Object[] values) {
        GenericRowData row = new GenericRowData(converters.length);
        for (int i = 0; i < converters.length; i++) {
            Object cell = values[positions[i]];
            row.setField(i, cell == null ? null : converters[i].convert(cell));
        }
        return row;
    }
}
