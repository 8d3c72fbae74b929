package com.datastax.driver.core;

import com.datastax.driver.core.exceptions.InvalidTypeException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The getters of {@link Row}, {@link TupleValue} and {@link UDTValue}, by index and by name, with
 * the DataStax 3.x driver's Java types: a primitive getter returns 0 or false for null, a
 * collection getter an empty collection. A getter whose Java type the CQL type does not map to
 * throws {@link InvalidTypeException} naming the column and both types.
 *
 * <p>Names are case-insensitive unless double-quoted ({@code "\"MixedCase\""}), as in the driver.
 */
@PublicEvolving
public abstract class AbstractGettableData {

    AbstractGettableData() {}

    abstract int size();

    abstract CqlType typeAt(int i);

    abstract Object rawAt(int i);

    /** The name of value {@code i} for messages and lookups, or null when values have none. */
    abstract String nameAt(int i);

    /** What holds the values, for messages ("column", "tuple component", "field"). */
    abstract String what();

    private int index(String name) {
        int i = indexOf(this, name);
        if (i < 0) {
            throw new IllegalArgumentException(name + " is not a " + what() + " defined in this metadata");
        }
        return i;
    }

    static int indexOf(AbstractGettableData data, String name) {
        if (name == null) {
            return -1;
        }
        int n = data.size();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            String exact = name.substring(1, name.length() - 1).replace("\"\"", "\"");
            for (int i = 0; i < n; i++) {
                if (exact.equals(data.nameAt(i))) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (name.equals(data.nameAt(i))) {
                return i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (name.equalsIgnoreCase(data.nameAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private Object raw(int i, String javaType, Kind... kinds) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(
                    "index " + i + " is out of range: there are " + size() + " " + what() + "s");
        }
        CqlType type = typeAt(i);
        for (Kind kind : kinds) {
            if (type.kind() == kind) {
                return rawAt(i);
            }
        }
        throw new InvalidTypeException(describe(i) + " is of CQL type " + type + ", it cannot be read as " + javaType);
    }

    private String describe(int i) {
        String name = nameAt(i);
        return what() + " " + (name == null ? String.valueOf(i) : name);
    }

    public boolean isNull(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("index " + i + " is out of range: there are " + size() + " " + what() + "s");
        }
        return rawAt(i) == null;
    }

    public boolean isNull(String name) {
        return isNull(index(name));
    }

    public boolean getBool(int i) {
        Object v = raw(i, "boolean", Kind.BOOLEAN);
        return v != null && (Boolean) v;
    }

    public boolean getBool(String name) {
        return getBool(index(name));
    }

    public byte getByte(int i) {
        Object v = raw(i, "byte", Kind.TINYINT);
        return v == null ? 0 : (Byte) v;
    }

    public byte getByte(String name) {
        return getByte(index(name));
    }

    public short getShort(int i) {
        Object v = raw(i, "short", Kind.SMALLINT);
        return v == null ? 0 : (Short) v;
    }

    public short getShort(String name) {
        return getShort(index(name));
    }

    public int getInt(int i) {
        Object v = raw(i, "int", Kind.INT);
        return v == null ? 0 : (Integer) v;
    }

    public int getInt(String name) {
        return getInt(index(name));
    }

    public long getLong(int i) {
        Object v = raw(i, "long", Kind.BIGINT, Kind.COUNTER);
        return v == null ? 0L : (Long) v;
    }

    public long getLong(String name) {
        return getLong(index(name));
    }

    public float getFloat(int i) {
        Object v = raw(i, "float", Kind.FLOAT);
        return v == null ? 0f : (Float) v;
    }

    public float getFloat(String name) {
        return getFloat(index(name));
    }

    public double getDouble(int i) {
        Object v = raw(i, "double", Kind.DOUBLE);
        return v == null ? 0d : (Double) v;
    }

    public double getDouble(String name) {
        return getDouble(index(name));
    }

    public Date getTimestamp(int i) {
        return (Date) DriverValues.toDriver(typeAt(i), raw(i, "java.util.Date", Kind.TIMESTAMP));
    }

    public Date getTimestamp(String name) {
        return getTimestamp(index(name));
    }

    public LocalDate getDate(int i) {
        return (LocalDate) DriverValues.toDriver(typeAt(i), raw(i, "LocalDate", Kind.DATE));
    }

    public LocalDate getDate(String name) {
        return getDate(index(name));
    }

    /** Nanoseconds since midnight; 0 for null. */
    public long getTime(int i) {
        Object v = DriverValues.toDriver(typeAt(i), raw(i, "long (time)", Kind.TIME));
        return v == null ? 0L : (Long) v;
    }

    public long getTime(String name) {
        return getTime(index(name));
    }

    public String getString(int i) {
        return (String) raw(i, "String", Kind.VARCHAR, Kind.ASCII);
    }

    public String getString(String name) {
        return getString(index(name));
    }

    /** A read-only buffer over the value. */
    public ByteBuffer getBytes(int i) {
        return (ByteBuffer) DriverValues.toDriver(typeAt(i), raw(i, "ByteBuffer", Kind.BLOB, Kind.CUSTOM));
    }

    public ByteBuffer getBytes(String name) {
        return getBytes(index(name));
    }

    public BigInteger getVarint(int i) {
        return (BigInteger) raw(i, "BigInteger", Kind.VARINT);
    }

    public BigInteger getVarint(String name) {
        return getVarint(index(name));
    }

    public BigDecimal getDecimal(int i) {
        return (BigDecimal) raw(i, "BigDecimal", Kind.DECIMAL);
    }

    public BigDecimal getDecimal(String name) {
        return getDecimal(index(name));
    }

    public UUID getUUID(int i) {
        return (UUID) raw(i, "UUID", Kind.UUID, Kind.TIMEUUID);
    }

    public UUID getUUID(String name) {
        return getUUID(index(name));
    }

    public InetAddress getInet(int i) {
        return (InetAddress) raw(i, "InetAddress", Kind.INET);
    }

    public InetAddress getInet(String name) {
        return getInet(index(name));
    }

    /** The list (or vector); empty for null. Elements must be of (a supertype of) {@code elementsClass}. */
    @SuppressWarnings("unchecked")
    public <T> List<T> getList(int i, Class<T> elementsClass) {
        Object v = raw(i, "List<" + elementsClass.getSimpleName() + ">", Kind.LIST, Kind.VECTOR);
        checkElements(i, typeAt(i).elementType(), elementsClass, "List");
        return v == null ? Collections.emptyList() : (List<T>) DriverValues.toDriver(typeAt(i), v);
    }

    public <T> List<T> getList(String name, Class<T> elementsClass) {
        return getList(index(name), elementsClass);
    }

    @SuppressWarnings("unchecked")
    public <T> Set<T> getSet(int i, Class<T> elementsClass) {
        Object v = raw(i, "Set<" + elementsClass.getSimpleName() + ">", Kind.SET);
        checkElements(i, typeAt(i).elementType(), elementsClass, "Set");
        return v == null ? Collections.emptySet() : (Set<T>) DriverValues.toDriver(typeAt(i), v);
    }

    public <T> Set<T> getSet(String name, Class<T> elementsClass) {
        return getSet(index(name), elementsClass);
    }

    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> getMap(int i, Class<K> keysClass, Class<V> valuesClass) {
        Object v = raw(i, "Map<" + keysClass.getSimpleName() + ", " + valuesClass.getSimpleName() + ">", Kind.MAP);
        checkElements(i, typeAt(i).keyType(), keysClass, "Map key");
        checkElements(i, typeAt(i).valueType(), valuesClass, "Map value");
        return v == null ? Collections.emptyMap() : (Map<K, V>) DriverValues.toDriver(typeAt(i), v);
    }

    public <K, V> Map<K, V> getMap(String name, Class<K> keysClass, Class<V> valuesClass) {
        return getMap(index(name), keysClass, valuesClass);
    }

    private void checkElements(int i, CqlType elementType, Class<?> requested, String container) {
        Class<?> actual = DriverValues.driverClass(elementType);
        if (!requested.isAssignableFrom(actual)) {
            throw new InvalidTypeException(describe(i) + " is of CQL type " + typeAt(i) + ", its elements ("
                    + elementType + ") are " + actual.getName() + ", not " + requested.getName() + " as asked for the "
                    + container);
        }
    }

    public TupleValue getTupleValue(int i) {
        return (TupleValue) DriverValues.toDriver(typeAt(i), raw(i, "TupleValue", Kind.TUPLE));
    }

    public TupleValue getTupleValue(String name) {
        return getTupleValue(index(name));
    }

    public UDTValue getUDTValue(int i) {
        return (UDTValue) DriverValues.toDriver(typeAt(i), raw(i, "UDTValue", Kind.UDT));
    }

    public UDTValue getUDTValue(String name) {
        return getUDTValue(index(name));
    }

    /**
     * The value as the driver's default Java type for its CQL type (Date for timestamp, {@link
     * LocalDate} for date, Long nanos for time, ByteBuffer for blob, {@link
     * org.apache.flink.streaming.connectors.cassandra.CqlDuration} for duration), or null.
     */
    public Object getObject(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("index " + i + " is out of range: there are " + size() + " " + what() + "s");
        }
        return DriverValues.toDriver(typeAt(i), rawAt(i));
    }

    public Object getObject(String name) {
        return getObject(index(name));
    }

    /**
     * The value as {@code targetClass}: the driver's type (see {@link #getObject(int)}) or a
     * {@code java.time} type (Instant for timestamp, java.time.LocalDate, LocalTime), byte[] for
     * blob.
     */
    public <T> T get(int i, Class<T> targetClass) {
        Object driver = getObject(i);
        if (driver == null || targetClass.isInstance(driver)) {
            return targetClass.cast(driver);
        }
        Object raw = rawAt(i);
        if (targetClass.isInstance(raw)) {
            return targetClass.cast(raw);
        }
        throw new InvalidTypeException(describe(i) + " is of CQL type " + typeAt(i) + ", it cannot be read as "
                + targetClass.getName());
    }

    public <T> T get(String name, Class<T> targetClass) {
        return get(index(name), targetClass);
    }
}
