package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlCodec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link PreparedStatement} with values for its variables. A variable never set stays unset
 * (protocol v4: the column is left untouched), as with the DataStax driver. Values are checked
 * against the variable's CQL type when the statement is executed.
 */
@PublicEvolving
public final class BoundStatement extends Statement {
    private final PreparedStatement prepared;
    private final Object[] values;

    public BoundStatement(PreparedStatement prepared) {
        this.prepared = prepared;
        this.values = new Object[prepared.getVariables().size()];
        Arrays.fill(values, CqlCodec.UNSET);
        if (prepared.getConsistencyLevel() != null) {
            setConsistencyLevel(prepared.getConsistencyLevel());
        }
        if (prepared.isIdempotent() != null) {
            setIdempotent(prepared.isIdempotent());
        }
    }

    public PreparedStatement preparedStatement() {
        return prepared;
    }

    /** Sets the first {@code values.length} variables. */
    public BoundStatement bind(Object... values) {
        Object[] given = values == null ? new Object[] {null} : values;
        if (given.length > this.values.length) {
            throw new IllegalArgumentException("Query '" + prepared.getQueryString() + "' has " + this.values.length
                    + " bind variables, " + given.length + " values were given");
        }
        for (int i = 0; i < given.length; i++) {
            setValue(i, given[i]);
        }
        return this;
    }

    /** Whether variable {@code i} has a value (null counts as a value). */
    public boolean isSet(int i) {
        return values[i] != CqlCodec.UNSET;
    }

    public boolean isSet(String name) {
        return isSet(index(name));
    }

    /** Leaves variable {@code i} unset again. */
    public BoundStatement unset(int i) {
        values[i] = CqlCodec.UNSET;
        return this;
    }

    public BoundStatement unset(String name) {
        return unset(index(name));
    }

    public BoundStatement setBool(int i, boolean v) {
        return setValue(i, v);
    }

    public BoundStatement setBool(String name, boolean v) {
        return setValue(index(name), v);
    }

    public BoundStatement setByte(int i, byte v) {
        return setValue(i, v);
    }

    public BoundStatement setByte(String name, byte v) {
        return setValue(index(name), v);
    }

    public BoundStatement setShort(int i, short v) {
        return setValue(i, v);
    }

    public BoundStatement setShort(String name, short v) {
        return setValue(index(name), v);
    }

    public BoundStatement setInt(int i, int v) {
        return setValue(i, v);
    }

    public BoundStatement setInt(String name, int v) {
        return setValue(index(name), v);
    }

    public BoundStatement setLong(int i, long v) {
        return setValue(i, v);
    }

    public BoundStatement setLong(String name, long v) {
        return setValue(index(name), v);
    }

    public BoundStatement setFloat(int i, float v) {
        return setValue(i, v);
    }

    public BoundStatement setFloat(String name, float v) {
        return setValue(index(name), v);
    }

    public BoundStatement setDouble(int i, double v) {
        return setValue(i, v);
    }

    public BoundStatement setDouble(String name, double v) {
        return setValue(index(name), v);
    }

    public BoundStatement setTimestamp(int i, Date v) {
        return setValue(i, v);
    }

    public BoundStatement setTimestamp(String name, Date v) {
        return setValue(index(name), v);
    }

    public BoundStatement setDate(int i, LocalDate v) {
        return setValue(i, v);
    }

    public BoundStatement setDate(String name, LocalDate v) {
        return setValue(index(name), v);
    }

    public BoundStatement setTime(int i, long v) {
        return setValue(i, v);
    }

    public BoundStatement setTime(String name, long v) {
        return setValue(index(name), v);
    }

    public BoundStatement setString(int i, String v) {
        return setValue(i, v);
    }

    public BoundStatement setString(String name, String v) {
        return setValue(index(name), v);
    }

    public BoundStatement setBytes(int i, ByteBuffer v) {
        return setValue(i, v);
    }

    public BoundStatement setBytes(String name, ByteBuffer v) {
        return setValue(index(name), v);
    }

    public BoundStatement setVarint(int i, BigInteger v) {
        return setValue(i, v);
    }

    public BoundStatement setVarint(String name, BigInteger v) {
        return setValue(index(name), v);
    }

    public BoundStatement setDecimal(int i, BigDecimal v) {
        return setValue(i, v);
    }

    public BoundStatement setDecimal(String name, BigDecimal v) {
        return setValue(index(name), v);
    }

    public BoundStatement setUUID(int i, UUID v) {
        return setValue(i, v);
    }

    public BoundStatement setUUID(String name, UUID v) {
        return setValue(index(name), v);
    }

    public BoundStatement setInet(int i, InetAddress v) {
        return setValue(i, v);
    }

    public BoundStatement setInet(String name, InetAddress v) {
        return setValue(index(name), v);
    }

    public BoundStatement setTupleValue(int i, TupleValue v) {
        return setValue(i, v);
    }

    public BoundStatement setTupleValue(String name, TupleValue v) {
        return setValue(index(name), v);
    }

    public BoundStatement setUDTValue(int i, UDTValue v) {
        return setValue(i, v);
    }

    public BoundStatement setUDTValue(String name, UDTValue v) {
        return setValue(index(name), v);
    }

    public <E> BoundStatement setList(int i, List<E> v) {
        return setValue(i, v);
    }

    public <E> BoundStatement setList(String name, List<E> v) {
        return setValue(index(name), v);
    }

    public <E> BoundStatement setSet(int i, Set<E> v) {
        return setValue(i, v);
    }

    public <E> BoundStatement setSet(String name, Set<E> v) {
        return setValue(index(name), v);
    }

    public <K, V> BoundStatement setMap(int i, Map<K, V> v) {
        return setValue(i, v);
    }

    public <K, V> BoundStatement setMap(String name, Map<K, V> v) {
        return setValue(index(name), v);
    }

    /** Any value the column's CQL type accepts (see {@link Session}). */
    public <V> BoundStatement set(int i, V v, Class<V> targetClass) {
        return setValue(i, v);
    }

    public <V> BoundStatement set(String name, V v, Class<V> targetClass) {
        return setValue(index(name), v);
    }

    public BoundStatement setToNull(int i) {
        return setValue(i, null);
    }

    public BoundStatement setToNull(String name) {
        return setValue(index(name), null);
    }

    private BoundStatement setValue(int i, Object value) {
        if (i < 0 || i >= values.length) {
            throw new IndexOutOfBoundsException("Query '" + prepared.getQueryString() + "' has " + values.length
                    + " bind variables, there is no variable " + i);
        }
        values[i] = DriverValues.toInternal(value);
        return this;
    }

    private int index(String name) {
        int i = prepared.getVariables().getIndexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    name + " is not a variable of query '" + prepared.getQueryString() + "'");
        }
        return i;
    }

    Object[] values() {
        return values.clone();
    }

    @Override
    String queryText() {
        return prepared.getQueryString();
    }

    @Override
    public String toString() {
        return "BoundStatement{" + prepared.getQueryString() + '}';
    }
}
