package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeWriter;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A session opened from whatever classloader loaded this class; used through JDK interfaces
 * by {@link ClassLoaderIsolationITCase}, whose loaders each load the native library themselves.
 */
public final class IsolatedClient implements Function<String, String>, BiConsumer<String, int[]>, AutoCloseable {
    private final NativeSession session;

    public IsolatedClient(String host, Integer port) {
        session = NativeSession.open(ConnectionSettings.builder().addContactPoint(host).port(port).build());
    }

    /** Runs {@code cql} and returns its single value as text. */
    @Override
    public String apply(String cql) {
        return String.valueOf(session.execute(cql).singleValue());
    }

    /** Writes one row per key into {@code table} (id int, loader text) through a native writer. */
    @Override
    public void accept(String table, int[] keys) {
        try (NativeStatement insert = session.prepare("INSERT INTO " + table + " (id, loader) VALUES (?, ?)");
                NativeWriter writer = NativeWriter.create(insert, WriterSettings.builder().build())) {
            RowBuffer rows = new RowBuffer();
            for (int key : keys) {
                insert.encoder().encodeRow(new Object[] {key, String.valueOf(getClass().getClassLoader())}, rows);
            }
            writer.submit(rows);
            writer.flush();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
