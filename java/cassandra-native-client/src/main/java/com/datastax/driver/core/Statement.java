package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A statement {@link Session#execute(Statement)} runs, with the per-statement options of the
 * DataStax 3.x driver that the native core honours: consistency level, fetch size and
 * idempotence. Unset options take the defaults of the {@link Cluster}'s {@link QueryOptions}.
 */
@PublicEvolving
public abstract class Statement {
    private ConsistencyLevel consistencyLevel;
    private int fetchSize;
    private Boolean idempotent;

    Statement() {}

    /** The consistency of this statement (null: the cluster's default). */
    public Statement setConsistencyLevel(ConsistencyLevel consistencyLevel) {
        this.consistencyLevel = consistencyLevel;
        return this;
    }

    public ConsistencyLevel getConsistencyLevel() {
        return consistencyLevel;
    }

    /** Rows per page when the result is iterated (0 or less: the cluster's default). */
    public Statement setFetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
        return this;
    }

    public int getFetchSize() {
        return fetchSize;
    }

    /** Informational: statements the session runs are never retried by it. */
    public Statement setIdempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    public Boolean isIdempotent() {
        return idempotent;
    }

    /** The CQL text, for error messages. */
    abstract String queryText();
}
