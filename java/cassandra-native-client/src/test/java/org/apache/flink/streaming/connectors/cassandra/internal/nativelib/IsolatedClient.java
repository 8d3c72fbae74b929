package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;

import java.util.function.Function;

/**
 * A session opened from whatever classloader loaded this class; used through JDK interfaces
 * by {@link ClassLoaderIsolationITCase}, whose loaders each load the native library themselves.
 */
public final class IsolatedClient implements Function<String, String>, AutoCloseable {
    private final NativeSession session;

    public IsolatedClient(String host, Integer port) {
        session = NativeSession.open(ConnectionSettings.builder().addContactPoint(host).port(port).build());
    }

    /** Runs {@code cql} and returns its single value as text. */
    @Override
    public String apply(String cql) {
        return String.valueOf(session.execute(cql).singleValue());
    }

    @Override
    public void close() {
        session.close();
    }
}
