package com.datastax.driver.core;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Defaults of every request, as in the DataStax driver: consistency level (default {@code
 * LOCAL_ONE}), serial consistency of lightweight transactions (default {@code SERIAL}), fetch size of
 * reads (default 5000 rows per page) and whether writes are idempotent (retried after timeouts).
 */
@PublicEvolving
public class QueryOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ConsistencyLevel DEFAULT_CONSISTENCY_LEVEL = ConsistencyLevel.LOCAL_ONE;
    public static final ConsistencyLevel DEFAULT_SERIAL_CONSISTENCY_LEVEL = ConsistencyLevel.SERIAL;
    public static final int DEFAULT_FETCH_SIZE = 5000;
    public static final boolean DEFAULT_IDEMPOTENCE = true;

    private ConsistencyLevel consistency = DEFAULT_CONSISTENCY_LEVEL;
    private ConsistencyLevel serialConsistency = DEFAULT_SERIAL_CONSISTENCY_LEVEL;
    private int fetchSize = DEFAULT_FETCH_SIZE;
    private boolean defaultIdempotence = DEFAULT_IDEMPOTENCE;

    public QueryOptions setConsistencyLevel(ConsistencyLevel consistencyLevel) {
        if (consistencyLevel == null) {
            throw new CassandraConfigurationException("QueryOptions.consistencyLevel: must not be null");
        }
        this.consistency = consistencyLevel;
        return this;
    }

    public ConsistencyLevel getConsistencyLevel() {
        return consistency;
    }

    public QueryOptions setSerialConsistencyLevel(ConsistencyLevel serialConsistencyLevel) {
        if (serialConsistencyLevel == null || !serialConsistencyLevel.isSerial()) {
            throw new CassandraConfigurationException(
                    "QueryOptions.serialConsistencyLevel: must be SERIAL or LOCAL_SERIAL, got " + serialConsistencyLevel);
        }
        this.serialConsistency = serialConsistencyLevel;
        return this;
    }

    public ConsistencyLevel getSerialConsistencyLevel() {
        return serialConsistency;
    }

    public QueryOptions setFetchSize(int fetchSize) {
        if (fetchSize <= 0) {
            throw new CassandraConfigurationException("QueryOptions.fetchSize: must be positive, got " + fetchSize);
        }
        this.fetchSize = fetchSize;
        return this;
    }

    public int getFetchSize() {
        return fetchSize;
    }

    /**
     * Whether statements are idempotent by default. The driver's default is {@code false}; ours is
     * {@code true} because the connector's writes (INSERT/UPDATE of given values) are idempotent. Set
     * {@code false} for counter updates or list appends so that timed-out writes are not retried.
     */
    public QueryOptions setDefaultIdempotence(boolean defaultIdempotence) {
        this.defaultIdempotence = defaultIdempotence;
        return this;
    }

    public boolean getDefaultIdempotence() {
        return defaultIdempotence;
    }

    @Override
    public String toString() {
        return "QueryOptions{consistency=" + consistency + ", serialConsistency=" + serialConsistency
                + ", fetchSize=" + fetchSize + ", defaultIdempotence=" + defaultIdempotence + '}';
    }
}
