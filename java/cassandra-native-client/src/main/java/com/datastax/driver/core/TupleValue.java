package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.util.Arrays;
import java.util.List;

/**
 * A CQL tuple read from a row ({@link Row#getTupleValue}); components by index. To bind a tuple,
 * pass a TupleValue read earlier, an {@code Object[]} or a {@code List} in component order.
 */
@PublicEvolving
public final class TupleValue extends AbstractGettableData {
    private final CqlType type;
    private final Object[] values;

    TupleValue(CqlType type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    /** The component types. */
    public List<DataType> getComponentTypes() {
        return DataType.of(type).getTypeArguments();
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
        return type.componentTypes().get(i);
    }

    @Override
    Object rawAt(int i) {
        return values[i];
    }

    @Override
    String nameAt(int i) {
        return null;
    }

    @Override
    String what() {
        return "tuple component";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TupleValue && type.equals(((TupleValue) o).type)
                && Arrays.deepEquals(values, ((TupleValue) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "TupleValue(" + type + ")";
    }
}
