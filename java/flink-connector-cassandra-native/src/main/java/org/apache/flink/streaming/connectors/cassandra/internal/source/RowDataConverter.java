package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a result row into Flink's internal {@link RowData}: the fields of the {@link RowType} are
 * matched to the result columns by name (as the official connector does), and each value is
 * converted to the internal form of the field's logical type. UDTs fill nested rows by field name,
 * tuples by position; lists and sets become arrays, maps become maps.
 */
@Internal
public final class RowDataConverter extends RowConverter<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private transient int[] columnOfField;
    private transient ColumnSpec[] columns;

    private RowDataConverter(RowType rowType) {
        this.rowType = rowType;
    }

    /** Flink's internal rows of {@code rowType}, its fields matched to result columns by name. */
    public static RowConverter<RowData> forRowType(RowType rowType) {
        return new RowDataConverter(rowType);
    }

    @Override
    public void open(List<ColumnSpec> resultColumns) {
        List<String> names = rowType.getFieldNames();
        columnOfField = new int[names.size()];
        columns = new ColumnSpec[names.size()];
        for (int f = 0; f < names.size(); f++) {
            columnOfField[f] = -1;
            for (int c = 0; c < resultColumns.size(); c++) {
                if (resultColumns.get(c).name().equalsIgnoreCase(names.get(f))) {
                    columnOfField[f] = c;
                    columns[f] = resultColumns.get(c);
                    break;
                }
            }
            if (columnOfField[f] < 0) {
                throw new CassandraConfigurationException("the RowType field '" + names.get(f)
                        + "' matches no column of the query's result " + resultColumns);
            }
        }
    }

    @Override
    public RowData convert(Object[] values) {
        GenericRowData row = new GenericRowData(columnOfField.length);
        for (int f = 0; f < columnOfField.length; f++) {
            LogicalType type = rowType.getTypeAt(f);
            try {
                row.setField(f, internal(values[columnOfField[f]], type));
            } catch (ClassCastException | IllegalArgumentException e) {
                // Names column, CQL type and Flink type; the value itself stays out of the message.
                Object value = values[columnOfField[f]];
                throw new CassandraConfigurationException("column '" + columns[f].name() + "' of CQL type "
                        + columns[f].type() + " (read as " + value.getClass().getName()
                        + ") cannot be converted to the Flink type " + type + " of field '"
                        + rowType.getFieldNames().get(f) + "'");
            }
        }
        return row;
    }

    private static Object internal(Object value, LogicalType type) {
        if (value == null) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return StringData.fromString(value instanceof InetAddress
                        ? ((InetAddress) value).getHostAddress() : value.toString());
            case BOOLEAN:
                return (Boolean) value;
            case TINYINT:
                return ((Number) value).byteValue();
            case SMALLINT:
                return ((Number) value).shortValue();
            case INTEGER:
                return ((Number) value).intValue();
            case BIGINT:
                return ((Number) value).longValue();
            case FLOAT:
                return ((Number) value).floatValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                BigDecimal big = value instanceof BigInteger ? new BigDecimal((BigInteger) value) : (BigDecimal) value;
                return DecimalData.fromBigDecimal(big, decimal.getPrecision(), decimal.getScale());
            case DATE:
                return (int) ((LocalDate) value).toEpochDay();
            case TIME_WITHOUT_TIME_ZONE:
                return (int) (((LocalTime) value).toNanoOfDay() / 1_000_000);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return TimestampData.fromInstant((Instant) value);
            case BINARY:
            case VARBINARY:
                if (value instanceof ByteBuffer) {
                    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    return bytes;
                }
                return (byte[]) value;
            case ARRAY:
                LogicalType element = ((ArrayType) type).getElementType();
                Collection<?> items = (Collection<?>) value;
                Object[] array = new Object[items.size()];
                int i = 0;
                for (Object item : items) {
                    array[i++] = internal(item, element);
                }
                return new GenericArrayData(array);
            case MAP:
                return map((Map<?, ?>) value, ((MapType) type).getKeyType(), ((MapType) type).getValueType());
            case MULTISET:
                Map<Object, Object> counts = new LinkedHashMap<>();
                LogicalType member = ((MultisetType) type).getElementType();
                for (Object item : (Collection<?>) value) {
                    counts.merge(internal(item, member), 1, (a, b) -> (Integer) a + (Integer) b);
                }
                return new GenericMapData(counts);
            case ROW:
                return nested(value, (RowType) type);
            default:
                throw new IllegalArgumentException("unsupported Flink type " + type);
        }
    }

    private static GenericMapData map(Map<?, ?> value, LogicalType keyType, LogicalType valueType) {
        Map<Object, Object> converted = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : value.entrySet()) {
            converted.put(internal(e.getKey(), keyType), internal(e.getValue(), valueType));
        }
        return new GenericMapData(converted);
    }

    /** A UDT (decoded as a map of field names) by name, a tuple (a list) by position. */
    private static GenericRowData nested(Object value, RowType type) {
        GenericRowData row = new GenericRowData(type.getFieldCount());
        if (value instanceof Map) {
            Map<?, ?> fields = (Map<?, ?>) value;
            for (int f = 0; f < type.getFieldCount(); f++) {
                row.setField(f, internal(fields.get(type.getFieldNames().get(f)), type.getTypeAt(f)));
            }
        } else {
            List<?> components = (List<?>) value;
            for (int f = 0; f < type.getFieldCount() && f < components.size(); f++) {
                row.setField(f, internal(components.get(f), type.getTypeAt(f)));
            }
        }
        return row;
    }
}
