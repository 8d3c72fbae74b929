package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.List;

/** Converts the decoded cells of one CQL row into a {@link RowData} of the declared types. */
@Internal
final class RowConverters {
    private final CqlTypeMapping.Converter[] converters;
    private final int[] positions;

    /**
     * @param columns the Flink columns produced, in order
     * @param types their Flink types
     * @param resultColumns the CQL result's columns, to find each Flink column's cell
     */
    RowConverters(CqlTableSchema schema, List<String> columns, List<LogicalType> types, List<String> resultColumns) {
        converters = new CqlTypeMapping.Converter[columns.size()];
        positions = new int[columns.size()];
        for (int i = 0; i < converters.length; i++) {
            String column = columns.get(i);
            converters[i] = ReadMetadata.isKey(column) ? ReadMetadata.converter(column)
                    : CqlTypeMapping.toFlink(column, schema.type(column), types.get(i));
            positions[i] = resultColumns.indexOf(column);
        }
    }

    GenericRowData convert(Object[] cells) {
        GenericRowData row = new GenericRowData(converters.length);
        for (int i = 0; i < converters.length; i++) {
            Object cell = cells[positions[i]];
            row.setField(i, cell == null ? null : converters[i].convert(cell));
        }
        return row;
    }

    static RowData empty() {
        return new GenericRowData(0);
    }
}
