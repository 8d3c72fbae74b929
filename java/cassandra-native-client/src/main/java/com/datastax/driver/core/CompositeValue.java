package com.datastax.driver.core;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.util.Arrays;

/**
 * A decoded tuple or UDT: its CQL type and its values in declaration order. The subclasses only
 * say how the type names its parts.
 */
abstract class CompositeValue extends AbstractGettableData {
    final CqlType type;
    private final Object[] values;

    CompositeValue(CqlType type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    Object[] internalValues() {
        return values.clone();
    }

    @Override
    final int size() {
        return values.length;
    }

    @Override
    final Object rawAt(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && type.equals(((CompositeValue) o).type)
                && Arrays.deepEquals(values, ((CompositeValue) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.deepHashCode(values);
    }
}
