package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle;

import java.nio.ByteBuffer;

/**
 * The native write pipeline for one prepared statement. {@link #submit} hands a whole buffer of
 * encoded rows over in one JNI call and returns once every row has a slot in the in-flight
 * window (it blocks while the window is full: that is the backpressure). Failures of earlier
 * writes are thrown by the next {@code submit} or by {@link #flush()}, each failure once.
 *
 * <p>Internal.
 */
public final class NativeWriter extends NativeHandle {
    /** Passed as the timestamp when the server should assign the write time. */
    public static final long SERVER_TIMESTAMP = Long.MIN_VALUE;

    private final NativeStatement statement;
    private final long[] metricsScratch = new long[WriterMetrics.FIELDS];

    private NativeWriter(long handle, NativeStatement statement) {
        super(handle, NativeWriter::release, "writer for '" + statement.query() + "'");
        this.statement = statement;
    }

    public static NativeWriter create(NativeStatement statement, WriterSettings settings) {
        return new NativeWriter(create(statement.nativeHandle(), settings.toJson()), statement);
    }

    public NativeStatement statement() {
        return statement;
    }

    /** Starts writing every row in {@code rows}, with the server's write time. */
    public int submit(RowBuffer rows) {
        return submit(rows, SERVER_TIMESTAMP);
    }

    /** Starts writing every row in {@code rows} with the write time {@code timestampMicros}. */
    public int submit(RowBuffer rows, long timestampMicros) {
        if (rows.rowCount() == 0) {
            return 0;
        }
        ByteBuffer buffer = rows.finish();
        return submit(handle(), buffer, buffer.limit(), timestampMicros);
    }

    /** Waits for every submitted write; throws the first failure not yet reported. */
    public void flush() {
        flush(handle());
    }

    /** A snapshot of the pipeline's counters. */
    public WriterMetrics metrics() {
        synchronized (metricsScratch) {
            metrics(handle(), metricsScratch);
            return new WriterMetrics(metricsScratch);
        }
    }

    private static native long create(long statement, String settingsJson);

    private static native int submit(long handle, ByteBuffer rows, int length, long timestampMicros);

    private static native void flush(long handle);

    private static native void metrics(long handle, long[] out);

    private static native void release(long handle);
}
