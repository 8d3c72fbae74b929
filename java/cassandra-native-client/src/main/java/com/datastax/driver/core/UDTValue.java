package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.util.Arrays;

/**
 * A value of a user-defined type read from a row ({@link Row#getUDTValue}); fields by index or
 * name. To bind a UDT, pass a UDTValue read earlier, a {@code Map<String, ?>} by field name or an
 * {@code Object[]} in field order.
 */
@PublicEvolving
public final class UDTValue extends AbstractGettableData {
    private final CqlType type;
    private final Object[] values;

    UDTValue(CqlType type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    /** {@code keyspace.name} of the type. */
    public String getTypeName() {
        return type.udtKeyspace() + "." + type.udtName();
    }

    Object[] internalValues() {
        return values.clone();
    }

    @Override
    int size() {
        return values.length;
    }

    @Override
    CqlType typeAt(int i) {
        return type.fieldTypes().get(i);
    }

    @Override
    Object rawAt(int i) {
        return values[i];
    }

    @Override
    String nameAt(int i) {
        return type.fieldNames().get(i);
    }

    @Override
    String what() {
        return "field";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UDTValue && type.equals(((UDTValue) o).type)
                && Arrays.deepEquals(values, ((UDTValue) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "UDTValue(" + getTypeName() + ")";
    }
}
