package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

/**
 * A value of a user-defined type read from a row ({@link Row#getUDTValue}); fields by index or
 * name. To bind a UDT, pass a UDTValue read earlier, a {@code Map<String, ?>} by field name or an
 * {@code Object[]} in field order.
 */
@PublicEvolving
public final class UDTValue extends CompositeValue {
    UDTValue(CqlType type, Object[] values) {
        super(type, values);
    }

    /** {@code keyspace.name} of the type. */
    public String getTypeName() {
        return type.udtKeyspace() + "." + type.udtName();
    }

    @Override
    CqlType typeAt(int i) {
        return type.fieldTypes().get(i);
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
    public String toString() {
        return "UDTValue(" + getTypeName() + ")";
    }
}
