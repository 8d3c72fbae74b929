package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

import java.nio.ByteBuffer;

/**
 * The native write pipeline for one prepared statement. {@link #submit} hands a whole buffer of
 * encoded rows over in one JNI call and returns once every row has a slot in the in-flight
 * window (it blocks while the window is full: that is the backpressure). Failures of writes that
 * completed are thrown by {@link #raiseFailures()} and {@link #flush()}, each failure once; an
 * exception from {@code submit} itself means its rows were not all accepted.
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
        try (Use use = statement.acquire()) {
            return new NativeWriter(create(use.handle(), settings.toJson()), statement);
        }
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
        return submit(rows, timestampMicros, 0);
    }

    /**
     * Starts writing the rows; row {@code i} gets the write time {@code firstTimestampMicros + i *
     * stepMicros} (with step 1, of two rows for one key the later one wins).
     */
    public int submit(RowBuffer rows, long firstTimestampMicros, long stepMicros) {
        if (rows.rowCount() == 0) {
            return 0;
        }
        ByteBuffer buffer = rows.finish();
        try (Use use = acquire()) {
            return submit(use.handle(), buffer, buffer.limit(), firstTimestampMicros, stepMicros);
        }
    }

    /** Throws the failures of completed writes not yet reported (several are reported as one). */
    public void raiseFailures() {
        try (Use use = acquire()) {
            raiseFailures(use.handle());
        }
    }

    /** Waits for every submitted write; throws the first failure not yet reported. */
    public void flush() {
        try (Use use = acquire()) {
            flush(use.handle());
        }
    }

    /** A snapshot of the pipeline's counters. */
    public WriterMetrics metrics() {
        synchronized (metricsScratch) {
            try (Use use = acquire()) {
                metrics(use.handle(), metricsScratch);
            }
            return new WriterMetrics(metricsScratch);
        }
    }

    /** Bucket {@code i} counts requests that took less than 2^i µs; 32 buckets. */
    public long[] latencyBuckets() {
        long[] buckets = new long[LATENCY_BUCKETS];
        try (Use use = acquire()) {
            latencyBuckets(use.handle(), buckets);
        }
        return buckets;
    }

    public static final int LATENCY_BUCKETS = 32;

    private static native void latencyBuckets(long handle, long[] out);

    private static native long create(long statement, String settingsJson);

    private static native int submit(long handle, ByteBuffer rows, int length, long timestampMicros, long stepMicros);

    private static native void raiseFailures(long handle);

    private static native void flush(long handle);

    private static native void metrics(long handle, long[] out);

    private static native void release(long handle);
}
