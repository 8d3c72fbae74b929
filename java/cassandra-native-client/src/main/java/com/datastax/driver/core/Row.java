package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

/** One row of a {@link ResultSet}; see {@link AbstractGettableData} for the getters. */
@PublicEvolving
public final class Row extends AbstractGettableData {
    private final ColumnDefinitions columns;
    private final Object[] values;

    Row(ColumnDefinitions columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    public ColumnDefinitions getColumnDefinitions() {
        return columns;
    }

    @Override
    int size() {
        return values.length;
    }

    @Override
    CqlType typeAt(int i) {
        return columns.spec(i).type();
    }

    @Override
    Object rawAt(int i) {
        return values[i];
    }

    @Override
    String nameAt(int i) {
        return columns.spec(i).name();
    }

    @Override
    String what() {
        return "column";
    }

    /** Column names and types only: values stay out of logs. */
    @Override
    public String toString() {
        return "Row" + columns;
    }
}
