package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;

/**
 * A statement prepared by {@link Session#prepare(String)}; {@link #bind(Object...)} makes the
 * {@link BoundStatement}s to execute. Lives as long as its session.
 */
@PublicEvolving
public final class PreparedStatement {
    private final NativeStatement statement;
    private final ColumnDefinitions variables;
    private final ColumnDefinitions resultColumns;
    private volatile ConsistencyLevel consistencyLevel;
    private volatile Boolean idempotent;

    PreparedStatement(NativeStatement statement) {
        this.statement = statement;
        this.variables = new ColumnDefinitions(statement.metadata().variables());
        this.resultColumns = new ColumnDefinitions(statement.metadata().resultColumns());
    }

    NativeStatement nativeStatement() {
        return statement;
    }

    /** A statement with {@code values} bound to the first variables; the others stay unset. */
    public BoundStatement bind(Object... values) {
        return new BoundStatement(this).bind(values);
    }

    /** A statement with every variable unset, for the {@code set...} methods. */
    public BoundStatement bind() {
        return new BoundStatement(this);
    }

    public String getQueryString() {
        return statement.query();
    }

    /** The bind variables, in order. */
    public ColumnDefinitions getVariables() {
        return variables;
    }

    /** The columns a SELECT returns (as prepared). */
    public ColumnDefinitions getResultColumns() {
        return resultColumns;
    }

    /** The default consistency of the statements bound from this one. */
    public PreparedStatement setConsistencyLevel(ConsistencyLevel consistencyLevel) {
        this.consistencyLevel = consistencyLevel;
        return this;
    }

    public ConsistencyLevel getConsistencyLevel() {
        return consistencyLevel;
    }

    public PreparedStatement setIdempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    public Boolean isIdempotent() {
        return idempotent;
    }

    @Override
    public String toString() {
        return getQueryString();
    }
}
