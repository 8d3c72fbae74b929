package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.util.List;

/**
 * A CQL tuple read from a row ({@link Row#getTupleValue}); components by index. To bind a tuple,
 * pass a TupleValue read earlier, an {@code Object[]} or a {@code List} in component order.
 */
@PublicEvolving
public final class TupleValue extends CompositeValue {
    TupleValue(CqlType type, Object[] values) {
        super(type, values);
    }

    /** The component types. */
    public List<DataType> getComponentTypes() {
        return DataType.of(type).getTypeArguments();
    }

    @Override
    CqlType typeAt(int i) {
        return type.componentTypes().get(i);
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
    public String toString() {
        return "TupleValue(" + type + ")";
    }
}
