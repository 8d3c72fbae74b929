package com.datastax.driver.core;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Timeouts, as in the DataStax driver: the connect timeout bounds opening a connection (and
 * session build), the read timeout bounds every request (a query, a prepare, one write attempt).
 */
@PublicEvolving
public class SocketOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
    public static final int DEFAULT_READ_TIMEOUT_MILLIS = 12_000;

    private int connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private int readTimeoutMillis = DEFAULT_READ_TIMEOUT_MILLIS;

    public int getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public SocketOptions setConnectTimeoutMillis(int connectTimeoutMillis) {
        if (connectTimeoutMillis <= 0) {
            throw new CassandraConfigurationException(
                    "SocketOptions.connectTimeoutMillis: must be positive, got " + connectTimeoutMillis);
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
        return this;
    }

    public int getReadTimeoutMillis() {
        return readTimeoutMillis;
    }

    /** The per-request timeout. Unlike the driver, 0 (no timeout) is not allowed. */
    public SocketOptions setReadTimeoutMillis(int readTimeoutMillis) {
        if (readTimeoutMillis <= 0) {
            throw new CassandraConfigurationException(
                    "SocketOptions.readTimeoutMillis: must be positive, got " + readTimeoutMillis);
        }
        this.readTimeoutMillis = readTimeoutMillis;
        return this;
    }

    @Override
    public String toString() {
        return "SocketOptions{connectTimeoutMillis=" + connectTimeoutMillis + ", readTimeoutMillis=" + readTimeoutMillis + '}';
    }
}
