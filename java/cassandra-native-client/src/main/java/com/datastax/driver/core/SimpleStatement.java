package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/**
 * CQL text with optional positional values. Unlike the DataStax driver, which serializes the
 * values by guessing CQL types from their Java types, a statement with values is prepared (once
 * per session) and its values are bound with the types the server reports, so a value of the
 * wrong type fails with a message naming the column and both types. A statement without values
 * runs unprepared.
 */
@PublicEvolving
public class SimpleStatement extends RegularStatement {
    private final String query;
    private final Object[] values;

    public SimpleStatement(String query, Object... values) {
        if (query == null || query.trim().isEmpty()) {
            throw new IllegalArgumentException("query: must not be empty");
        }
        this.query = query;
        this.values = values == null ? new Object[0] : values.clone();
    }

    @Override
    public String getQueryString() {
        return query;
    }

    public boolean hasValues() {
        return values.length > 0;
    }

    public int valuesCount() {
        return values.length;
    }

    /** The value at position {@code i}. */
    public Object getObject(int i) {
        return values[i];
    }

    Object[] values() {
        return values.clone();
    }
}
