package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CQL types and Flink SQL types, both ways (the table in docs/sql.md): the Flink type of a CQL
 * column (catalog), and converters between Flink's internal data and the values the CQL codecs
 * take and return. A pair that does not fit fails when the converter is built, naming the column,
 * the Flink type and the CQL type; values never appear in messages.
 */
@Internal
public final class CqlTypeMapping {
    private CqlTypeMapping() {}

    /** Converts one non-null value; built once per column. */
    @FunctionalInterface
    public interface Converter extends Serializable {
        Object convert(Object value);
    }

    /** The Flink type a CQL column reads as (what the catalog declares). */
    public static DataType toFlink(CqlType type) {
        switch (type.kind()) {
            case ASCII:
            case VARCHAR:
            case UUID:
            case TIMEUUID:
            case INET:
                return DataTypes.STRING();
            case BIGINT:
            case COUNTER:
                return DataTypes.BIGINT();
            case INT:
                return DataTypes.INT();
            case SMALLINT:
                return DataTypes.SMALLINT();
            case TINYINT:
                return DataTypes.TINYINT();
            case FLOAT:
                return DataTypes.FLOAT();
            case DOUBLE:
                return DataTypes.DOUBLE();
            case BOOLEAN:
                return DataTypes.BOOLEAN();
            case DECIMAL:
                return DataTypes.DECIMAL(38, 18);
            case VARINT:
                return DataTypes.DECIMAL(38, 0);
            case TIMESTAMP:
                return DataTypes.TIMESTAMP_LTZ(3);
            case DATE:
                return DataTypes.DATE();
            case TIME:
                return DataTypes.TIME(3);
            case DURATION:
                return durationType();
            case BLOB:
            case CUSTOM:
                return DataTypes.BYTES();
            case LIST:
            case SET:
            case VECTOR:
                return DataTypes.ARRAY(toFlink(type.elementType()));
            case MAP:
                return DataTypes.MAP(toFlink(type.keyType()), toFlink(type.valueType()));
            case TUPLE: {
                List<CqlType> components = type.componentTypes();
                DataTypes.Field[] fields = new DataTypes.Field[components.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = DataTypes.FIELD("f" + i, toFlink(components.get(i)));
                }
                return DataTypes.ROW(fields);
            }
            case UDT: {
                List<String> names = type.fieldNames();
                DataTypes.Field[] fields = new DataTypes.Field[names.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = DataTypes.FIELD(names.get(i), toFlink(type.fieldTypes().get(i)));
                }
                return DataTypes.ROW(fields);
            }
            default:
                throw new ValidationException("CQL type " + type + " has no Flink SQL type");
        }
    }

    /** A CQL duration as a row of its three parts. */
    public static DataType durationType() {
        return DataTypes.ROW(
                DataTypes.FIELD("months", DataTypes.INT()),
                DataTypes.FIELD("days", DataTypes.INT()),
                DataTypes.FIELD("nanoseconds", DataTypes.BIGINT()));
    }

    private static ValidationException mismatch(String column, LogicalType flink, CqlType cql) {
        return new ValidationException("Column '" + column + "': Flink type " + flink.asSummaryString()
                + " does not fit the CQL type " + cql + " (see the type table in docs/sql.md).");
    }

    // ------------------------------------------------------------------ Flink -> CQL

    /** A converter from Flink's internal data of {@code flink} to a value the CQL codec of {@code cql} takes. */
    public static Converter toCql(String column, LogicalType flink, CqlType cql) {
        LogicalTypeRoot root = flink.getTypeRoot();
        CqlType.Kind kind = cql.kind();
        switch (root) {
            case CHAR:
            case VARCHAR:
                switch (kind) {
                    case ASCII:
                    case VARCHAR:
                    case INET:
                        return Object::toString;
                    case UUID:
                    case TIMEUUID:
                        return v -> parseUuid(column, v.toString());
                    case VARINT:
                        return v -> parseNumber(column, cql, v.toString(), true);
                    case DECIMAL:
                        return v -> parseNumber(column, cql, v.toString(), false);
                    default:
                        throw mismatch(column, flink, cql);
                }
            case BOOLEAN:
                return require(kind == CqlType.Kind.BOOLEAN, column, flink, cql, v -> v);
            case TINYINT:
                return require(kind == CqlType.Kind.TINYINT || kind == CqlType.Kind.SMALLINT || kind == CqlType.Kind.INT
                        || kind == CqlType.Kind.BIGINT || kind == CqlType.Kind.VARINT, column, flink, cql, v -> v);
            case SMALLINT:
                return require(kind == CqlType.Kind.SMALLINT || kind == CqlType.Kind.INT || kind == CqlType.Kind.BIGINT
                        || kind == CqlType.Kind.VARINT, column, flink, cql, v -> v);
            case INTEGER:
                return require(kind == CqlType.Kind.INT || kind == CqlType.Kind.BIGINT || kind == CqlType.Kind.VARINT,
                        column, flink, cql, v -> v);
            case BIGINT:
                return require(kind == CqlType.Kind.BIGINT || kind == CqlType.Kind.VARINT || kind == CqlType.Kind.TIMESTAMP,
                        column, flink, cql, v -> v);
            case FLOAT:
                return require(kind == CqlType.Kind.FLOAT || kind == CqlType.Kind.DOUBLE, column, flink, cql, v -> v);
            case DOUBLE:
                return require(kind == CqlType.Kind.DOUBLE, column, flink, cql, v -> v);
            case DECIMAL:
                if (kind == CqlType.Kind.DECIMAL) {
                    return v -> ((DecimalData) v).toBigDecimal();
                }
                if (kind == CqlType.Kind.VARINT && ((DecimalType) flink).getScale() == 0) {
                    return v -> ((DecimalData) v).toBigDecimal().toBigIntegerExact();
                }
                throw mismatch(column, flink, cql);
            case DATE:
                return require(kind == CqlType.Kind.DATE, column, flink, cql, v -> LocalDate.ofEpochDay((Integer) v));
            case TIME_WITHOUT_TIME_ZONE:
                return require(kind == CqlType.Kind.TIME, column, flink, cql,
                        v -> LocalTime.ofNanoOfDay((Integer) v * 1_000_000L));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return require(kind == CqlType.Kind.TIMESTAMP, column, flink, cql, v -> ((TimestampData) v).toInstant());
            case BINARY:
            case VARBINARY:
                if (kind == CqlType.Kind.BLOB || kind == CqlType.Kind.CUSTOM) {
                    return v -> v;
                }
                if (kind == CqlType.Kind.UUID || kind == CqlType.Kind.TIMEUUID) {
                    return v -> uuidOf(column, (byte[]) v);
                }
                throw mismatch(column, flink, cql);
            case ARRAY: {
                LogicalType element = ((ArrayType) flink).getElementType();
                if (kind != CqlType.Kind.LIST && kind != CqlType.Kind.SET && kind != CqlType.Kind.VECTOR) {
                    throw mismatch(column, flink, cql);
                }
                Converter inner = toCql(column + "[]", element, cql.elementType());
                ArrayData.ElementGetter getter = ArrayData.createElementGetter(element);
                boolean set = kind == CqlType.Kind.SET;
                return v -> {
                    ArrayData array = (ArrayData) v;
                    Collection<Object> out = set ? new LinkedHashSet<>() : new ArrayList<>(array.size());
                    for (int i = 0; i < array.size(); i++) {
                        Object e = getter.getElementOrNull(array, i);
                        out.add(e == null ? null : inner.convert(e));
                    }
                    return out;
                };
            }
            case MULTISET: {
                LogicalType element = ((MultisetType) flink).getElementType();
                if (kind != CqlType.Kind.SET && kind != CqlType.Kind.LIST) {
                    throw mismatch(column, flink, cql);
                }
                Converter inner = toCql(column + "[]", element, cql.elementType());
                ArrayData.ElementGetter getter = ArrayData.createElementGetter(element);
                boolean set = kind == CqlType.Kind.SET;
                return v -> {
                    ArrayData keys = ((MapData) v).keyArray();
                    ArrayData counts = ((MapData) v).valueArray();
                    Collection<Object> out = set ? new LinkedHashSet<>() : new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        Object e = getter.getElementOrNull(keys, i);
                        int n = set ? 1 : counts.getInt(i);
                        for (int c = 0; c < n; c++) {
                            out.add(e == null ? null : inner.convert(e));
                        }
                    }
                    return out;
                };
            }
            case MAP: {
                if (kind != CqlType.Kind.MAP) {
                    throw mismatch(column, flink, cql);
                }
                MapType map = (MapType) flink;
                Converter key = toCql(column + ".key", map.getKeyType(), cql.keyType());
                Converter value = toCql(column + ".value", map.getValueType(), cql.valueType());
                ArrayData.ElementGetter keyGetter = ArrayData.createElementGetter(map.getKeyType());
                ArrayData.ElementGetter valueGetter = ArrayData.createElementGetter(map.getValueType());
                return v -> {
                    MapData data = (MapData) v;
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (int i = 0; i < data.size(); i++) {
                        Object k = keyGetter.getElementOrNull(data.keyArray(), i);
                        Object e = valueGetter.getElementOrNull(data.valueArray(), i);
                        out.put(k == null ? null : key.convert(k), e == null ? null : value.convert(e));
                    }
                    return out;
                };
            }
            case ROW:
                return rowToCql(column, (RowType) flink, cql);
            default:
                throw mismatch(column, flink, cql);
        }
    }

    private static Converter rowToCql(String column, RowType row, CqlType cql) {
        List<RowType.RowField> fields = row.getFields();
        int n = fields.size();
        RowData.FieldGetter[] getters = new RowData.FieldGetter[n];
        Converter[] converters = new Converter[n];
        switch (cql.kind()) {
            case TUPLE: {
                if (cql.componentTypes().size() != n) {
                    throw new ValidationException("Column '" + column + "': Flink type " + row.asSummaryString() + " has "
                            + n + " fields, the CQL type " + cql + " " + cql.componentTypes().size() + ".");
                }
                for (int i = 0; i < n; i++) {
                    getters[i] = RowData.createFieldGetter(fields.get(i).getType(), i);
                    converters[i] = toCql(column + "." + i, fields.get(i).getType(), cql.componentTypes().get(i));
                }
                return v -> {
                    Object[] out = new Object[n];
                    for (int i = 0; i < n; i++) {
                        Object f = getters[i].getFieldOrNull((RowData) v);
                        out[i] = f == null ? null : converters[i].convert(f);
                    }
                    return out;
                };
            }
            case UDT: {
                String[] names = new String[n];
                for (int i = 0; i < n; i++) {
                    names[i] = fields.get(i).getName();
                    int at = cql.fieldNames().indexOf(names[i]);
                    if (at < 0) {
                        throw new ValidationException("Column '" + column + "': field '" + names[i] + "' of Flink type "
                                + row.asSummaryString() + " is not a field of the CQL type " + cql + " " + cql.fieldNames() + ".");
                    }
                    getters[i] = RowData.createFieldGetter(fields.get(i).getType(), i);
                    converters[i] = toCql(column + "." + names[i], fields.get(i).getType(), cql.fieldTypes().get(at));
                }
                return v -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        Object f = getters[i].getFieldOrNull((RowData) v);
                        out.put(names[i], f == null ? null : converters[i].convert(f));
                    }
                    return out;
                };
            }
            case DURATION:
                if (n != 3 || fields.get(0).getType().getTypeRoot() != LogicalTypeRoot.INTEGER
                        || fields.get(1).getType().getTypeRoot() != LogicalTypeRoot.INTEGER
                        || fields.get(2).getType().getTypeRoot() != LogicalTypeRoot.BIGINT) {
                    throw mismatch(column, row, cql);
                }
                return v -> {
                    RowData r = (RowData) v;
                    return CqlDuration.of(r.getInt(0), r.getInt(1), r.getLong(2));
                };
            default:
                throw mismatch(column, row, cql);
        }
    }

    private static Converter require(boolean fits, String column, LogicalType flink, CqlType cql, Converter c) {
        if (!fits) {
            throw mismatch(column, flink, cql);
        }
        return c;
    }

    private static UUID parseUuid(String column, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Column '" + column + "': the STRING value is not a UUID");
        }
    }

    private static Object parseNumber(String column, CqlType cql, String text, boolean integer) {
        try {
            return integer ? new BigInteger(text.trim()) : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Column '" + column + "': the STRING value is not a " + cql + " number");
        }
    }

    private static UUID uuidOf(String column, byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("Column '" + column + "': a uuid needs 16 bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong());
    }

    // ------------------------------------------------------------------ CQL -> Flink

    /** A converter from what the CQL codec of {@code cql} decodes to Flink's internal data of {@code flink}. */
    public static Converter toFlink(String column, CqlType cql, LogicalType flink) {
        CqlType.Kind kind = cql.kind();
        switch (flink.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                switch (kind) {
                    case INET:
                        return v -> StringData.fromString(((InetAddress) v).getHostAddress());
                    case ASCII:
                    case VARCHAR:
                    case UUID:
                    case TIMEUUID:
                    case VARINT:
                    case DECIMAL:
                        return v -> StringData.fromString(v.toString());
                    default:
                        throw mismatch(column, flink, cql);
                }
            case BOOLEAN:
                return require(kind == CqlType.Kind.BOOLEAN, column, flink, cql, v -> v);
            case TINYINT:
                return require(kind == CqlType.Kind.TINYINT, column, flink, cql, v -> v);
            case SMALLINT:
                return require(kind == CqlType.Kind.SMALLINT || kind == CqlType.Kind.TINYINT, column, flink, cql,
                        v -> ((Number) v).shortValue());
            case INTEGER:
                return require(kind == CqlType.Kind.INT || kind == CqlType.Kind.SMALLINT || kind == CqlType.Kind.TINYINT,
                        column, flink, cql, v -> ((Number) v).intValue());
            case BIGINT:
                if (kind == CqlType.Kind.TIMESTAMP) {
                    return v -> ((Instant) v).toEpochMilli();
                }
                return require(kind == CqlType.Kind.BIGINT || kind == CqlType.Kind.COUNTER || kind == CqlType.Kind.INT
                        || kind == CqlType.Kind.SMALLINT || kind == CqlType.Kind.TINYINT, column, flink, cql,
                        v -> ((Number) v).longValue());
            case FLOAT:
                return require(kind == CqlType.Kind.FLOAT, column, flink, cql, v -> v);
            case DOUBLE:
                return require(kind == CqlType.Kind.DOUBLE || kind == CqlType.Kind.FLOAT, column, flink, cql,
                        v -> ((Number) v).doubleValue());
            case DECIMAL: {
                DecimalType decimal = (DecimalType) flink;
                int p = decimal.getPrecision();
                int s = decimal.getScale();
                if (kind != CqlType.Kind.DECIMAL && kind != CqlType.Kind.VARINT && kind != CqlType.Kind.BIGINT
                        && kind != CqlType.Kind.INT) {
                    throw mismatch(column, flink, cql);
                }
                return v -> {
                    BigDecimal d = v instanceof BigDecimal ? (BigDecimal) v
                            : v instanceof BigInteger ? new BigDecimal((BigInteger) v) : BigDecimal.valueOf(((Number) v).longValue());
                    DecimalData out = DecimalData.fromBigDecimal(d, p, s);
                    if (out == null) {
                        throw new ArithmeticException("Column '" + column + "': a " + cql + " value does not fit "
                                + flink.asSummaryString() + " (more than " + (p - s) + " integer digits)");
                    }
                    return out;
                };
            }
            case DATE:
                return require(kind == CqlType.Kind.DATE, column, flink, cql, v -> (int) ((LocalDate) v).toEpochDay());
            case TIME_WITHOUT_TIME_ZONE:
                return require(kind == CqlType.Kind.TIME, column, flink, cql,
                        v -> (int) (((LocalTime) v).toNanoOfDay() / 1_000_000L));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return require(kind == CqlType.Kind.TIMESTAMP, column, flink, cql, v -> TimestampData.fromInstant((Instant) v));
            case BINARY:
            case VARBINARY:
                if (kind == CqlType.Kind.UUID || kind == CqlType.Kind.TIMEUUID) {
                    return v -> {
                        UUID u = (UUID) v;
                        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
                    };
                }
                return require(kind == CqlType.Kind.BLOB || kind == CqlType.Kind.CUSTOM, column, flink, cql, v -> v);
            case ARRAY: {
                if (kind != CqlType.Kind.LIST && kind != CqlType.Kind.SET && kind != CqlType.Kind.VECTOR) {
                    throw mismatch(column, flink, cql);
                }
                Converter inner = toFlink(column + "[]", cql.elementType(), ((ArrayType) flink).getElementType());
                return v -> {
                    Collection<?> in = (Collection<?>) v;
                    Object[] out = new Object[in.size()];
                    int i = 0;
                    for (Object e : in) {
                        out[i++] = e == null ? null : inner.convert(e);
                    }
                    return new GenericArrayData(out);
                };
            }
            case MULTISET: {
                if (kind != CqlType.Kind.LIST && kind != CqlType.Kind.SET) {
                    throw mismatch(column, flink, cql);
                }
                Converter inner = toFlink(column + "[]", cql.elementType(), ((MultisetType) flink).getElementType());
                return v -> {
                    Map<Object, Object> counts = new HashMap<>();
                    for (Object e : (Collection<?>) v) {
                        counts.merge(e == null ? null : inner.convert(e), 1, (a, b) -> (Integer) a + (Integer) b);
                    }
                    return new GenericMapData(counts);
                };
            }
            case MAP: {
                if (kind != CqlType.Kind.MAP) {
                    throw mismatch(column, flink, cql);
                }
                MapType map = (MapType) flink;
                Converter key = toFlink(column + ".key", cql.keyType(), map.getKeyType());
                Converter value = toFlink(column + ".value", cql.valueType(), map.getValueType());
                return v -> {
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        out.put(e.getKey() == null ? null : key.convert(e.getKey()),
                                e.getValue() == null ? null : value.convert(e.getValue()));
                    }
                    return new GenericMapData(out);
                };
            }
            case ROW:
                return rowToFlink(column, cql, (RowType) flink);
            default:
                throw mismatch(column, flink, cql);
        }
    }

    private static Converter rowToFlink(String column, CqlType cql, RowType row) {
        List<RowType.RowField> fields = row.getFields();
        int n = fields.size();
        Converter[] converters = new Converter[n];
        switch (cql.kind()) {
            case TUPLE: {
                if (cql.componentTypes().size() != n) {
                    throw mismatch(column, row, cql);
                }
                for (int i = 0; i < n; i++) {
                    converters[i] = toFlink(column + "." + i, cql.componentTypes().get(i), fields.get(i).getType());
                }
                return v -> {
                    List<?> in = (List<?>) v;
                    GenericRowData out = new GenericRowData(n);
                    for (int i = 0; i < n; i++) {
                        Object f = in.get(i);
                        out.setField(i, f == null ? null : converters[i].convert(f));
                    }
                    return out;
                };
            }
            case UDT: {
                String[] names = new String[n];
                for (int i = 0; i < n; i++) {
                    names[i] = fields.get(i).getName();
                    int at = cql.fieldNames().indexOf(names[i]);
                    if (at < 0) {
                        throw new ValidationException("Column '" + column + "': field '" + names[i] + "' of Flink type "
                                + row.asSummaryString() + " is not a field of the CQL type " + cql + " " + cql.fieldNames() + ".");
                    }
                    converters[i] = toFlink(column + "." + names[i], cql.fieldTypes().get(at), fields.get(i).getType());
                }
                return v -> {
                    Map<?, ?> in = (Map<?, ?>) v;
                    GenericRowData out = new GenericRowData(n);
                    for (int i = 0; i < n; i++) {
                        Object f = in.get(names[i]);
                        out.setField(i, f == null ? null : converters[i].convert(f));
                    }
                    return out;
                };
            }
            case DURATION:
                if (n != 3) {
                    throw mismatch(column, row, cql);
                }
                return v -> {
                    CqlDuration d = (CqlDuration) v;
                    return GenericRowData.of(d.getMonths(), d.getDays(), d.getNanoseconds());
                };
            default:
                throw mismatch(column, row, cql);
        }
    }
}
