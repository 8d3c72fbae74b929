package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/** A statement given as CQL text ({@link SimpleStatement}). */
@PublicEvolving
public abstract class RegularStatement extends Statement {
    RegularStatement() {}

    public abstract String getQueryString();

    @Override
    String queryText() {
        return getQueryString();
    }

    @Override
    public String toString() {
        return getQueryString();
    }
}
