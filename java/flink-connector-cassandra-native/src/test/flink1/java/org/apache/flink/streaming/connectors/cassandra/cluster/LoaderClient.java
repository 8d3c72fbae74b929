package org.apache.flink.streaming.connectors.cassandra.cluster;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeWriter;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;

import java.util.function.BiConsumer;

/**
 * What one job does with the connector, from whatever classloader loaded this class (used by
 * {@link SoakITCase} through JDK interfaces only): opens a session to the nodes, writes rows
 * through the native writer, closes. Must not touch Flink classes (the loader has none).
 */
public final class LoaderClient implements BiConsumer<String, int[]>, AutoCloseable {
    private final NativeSession session;

    /** {@code hosts}: comma-separated addresses. */
    public LoaderClient(String hosts, Integer port) {
        ConnectionSettings.Builder settings = ConnectionSettings.builder().port(port);
        for (String host : hosts.split(",")) {
            settings.addContactPoint(host);
        }
        session = NativeSession.open(settings.build());
    }

    /** Writes one row per key into {@code table} (id int, loader text). */
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
