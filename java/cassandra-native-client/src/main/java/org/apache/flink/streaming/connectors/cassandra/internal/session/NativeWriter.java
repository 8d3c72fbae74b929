package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.CassandraTimeoutException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The native write pipeline for one prepared statement: one native task keeps up to the window's
 * writes in flight, fed by a small bounded queue of whole batches. {@link #submit} hands a buffer
 * of encoded rows over in one JNI call and returns once the batch is queued; it waits only while
 * the queue is full (that is the backpressure), in slices so that it notices interruption (task
 * cancellation). Failures of earlier writes are handed to a {@link FailureListener}, one call per
 * kind of failure (the exception's message gives the count of writes of that kind), before the
 * batch is taken; each failure is reported once. {@link #flush} waits likewise until every
 * submitted write completed, then reports failures the same way. {@link #close()} aborts every
 * queued, in-flight and retrying write.
 *
 * <p>Internal.
 */
@Internal
public final class NativeWriter extends NativeHandle {
    /** How long one native wait lasts before Java checks for interruption. */
    static final int WAIT_SLICE_MILLIS = 200;

    /** Receives failures of completed writes; throwing stops the submit or flush. */
    @FunctionalInterface
    public interface FailureListener {
        void onFailure(CassandraConnectorException failure) throws IOException;
    }

    /** Throws each failure to the caller. */
    private static final FailureListener RETHROW = failure -> {
        throw failure;
    };

    private final NativeStatement statement;
    private final long maxWaitMillis;
    /** Filled by every submit and flush (the task thread's snapshot, no extra crossing). */
    private final long[] lastMetrics = new long[NativeContract.METRIC_FIELDS];
    /** Filled by {@link #metrics()} for metric reporters (other threads). */
    private final long[] metricsScratch = new long[NativeContract.METRIC_FIELDS];

    private NativeWriter(long handle, NativeStatement statement, WriterSettings settings) {
        super(handle, NativeWriter::release, "writer for '" + statement.query() + "'");
        this.statement = statement;
        this.maxWaitMillis = settings.maxWaitMillis();
    }

    public static NativeWriter create(NativeStatement statement, WriterSettings settings) {
        try (Use use = statement.acquire()) {
            return new NativeWriter(create(use.handle(), settings.toJson()), statement, settings);
        }
    }

    /** Starts writing every row in {@code rows}, with the server's write time. */
    public int submit(RowBuffer rows) {
        return submit(rows, NativeContract.SERVER_TIMESTAMP);
    }

    /**
     * Starts writing every row in {@code rows} with the write time {@code timestampMicros}, or
     * {@link NativeContract#SERVER_TIMESTAMP} / {@link NativeContract#CLIENT_TIMESTAMP} (the
     * latter: each row gets the next client-side write time, strictly increasing in this process,
     * when submitted; its retries reuse it); throws earlier failures.
     */
    public int submit(RowBuffer rows, long timestampMicros) {
        return submit(rows, timestampMicros, 0);
    }

    /** Like {@link #submit(RowBuffer, long, long, FailureListener)}, throwing earlier failures. */
    public int submit(RowBuffer rows, long firstTimestampMicros, long stepMicros) {
        try {
            return submit(rows, firstTimestampMicros, stepMicros, RETHROW);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // RETHROW throws no IOException
        }
    }

    /**
     * Starts writing the rows; row {@code i} gets the write time {@code firstTimestampMicros + i *
     * stepMicros} (with step 1, of two rows for one key the later one wins), or the special
     * {@link NativeContract#SERVER_TIMESTAMP} / {@link NativeContract#CLIENT_TIMESTAMP}. Failures of earlier writes go to
     * {@code failures} first; the rows are taken after it returns.
     *
     * @throws CassandraConnectorException a timeout when the queue stayed full for the max wait,
     *     {@link WriteInterruptedException} when the thread was interrupted while waiting, or bad
     *     input
     */
    public int submit(RowBuffer rows, long firstTimestampMicros, long stepMicros, FailureListener failures)
            throws IOException {
        if (rows.rowCount() == 0) {
            return 0;
        }
        ByteBuffer buffer = rows.finish();
        long started = System.nanoTime();
        while (true) {
            int accepted;
            // One use per slice: a close() between slices is seen by the next acquire.
            try (Use use = acquire()) {
                accepted = submit(
                        use.handle(), buffer, buffer.limit(), firstTimestampMicros, stepMicros, lastMetrics,
                        WAIT_SLICE_MILLIS);
            }
            if (accepted >= 0) {
                return accepted;
            }
            if (accepted == NativeContract.FAILURES_PENDING) {
                reportFailure(failures);
                continue;
            }
            checkInterrupted("submit");
            if ((System.nanoTime() - started) / 1_000_000 >= maxWaitMillis) {
                throw new CassandraTimeoutException(
                        CassandraConnectorException.Code.WRITE_TIMEOUT,
                        "no room for " + rows.rowCount() + " rows in the write queue of '" + statement.query()
                                + "' within " + maxWaitMillis + " ms (" + lastMetrics().inFlight()
                                + " writes in flight, " + lastMetrics().heldRows() + " rows held)");
            }
        }
    }

    /** Like {@link #flush(FailureListener)}, throwing the first kind of failure. */
    public void flush() {
        try {
            flush(RETHROW);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // RETHROW throws no IOException
        }
    }

    /**
     * Waits for every submitted write, then hands each kind of failure not yet reported to
     * {@code failures}.
     *
     * @throws FlushTimeoutException when no write completed within the flush timeout
     * @throws WriteInterruptedException when the thread was interrupted while waiting
     */
    public void flush(FailureListener failures) throws IOException {
        while (true) {
            int state;
            try (Use use = acquire()) {
                state = flush(use.handle(), lastMetrics, WAIT_SLICE_MILLIS);
            }
            if (state == NativeContract.FLUSH_DONE) {
                return;
            }
            if (state == NativeContract.FLUSH_FAILURES_PENDING) {
                reportFailure(failures);
                continue;
            }
            if (state == NativeContract.FLUSH_TIMED_OUT) {
                throw new FlushTimeoutException(
                        lastMetrics().heldRows() + " writes to '" + statement.query()
                                + "' were still unanswered when the flush timed out (no write completed"
                                + " within the flush timeout)");
            }
            checkInterrupted("flush");
        }
    }

    private void reportFailure(FailureListener failures) throws IOException {
        try (Use use = acquire()) {
            raiseFailures(use.handle());
        } catch (CassandraConnectorException failure) {
            failures.onFailure(failure);
        }
    }

    private void checkInterrupted(String what) {
        if (Thread.currentThread().isInterrupted()) {
            // the flag stays set for the caller (Flink's cancellation)
            throw new WriteInterruptedException(
                    "interrupted during " + what + " of '" + statement.query() + "' with "
                            + lastMetrics().heldRows() + " rows not yet acknowledged");
        }
    }

    /** The counters as of the last submit or flush of the calling (task) thread; no JNI call. */
    public WriterMetrics lastMetrics() {
        return new WriterMetrics(lastMetrics);
    }

    /** A snapshot of the pipeline's counters (one JNI call; for metric reporters). */
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
        long[] buckets = new long[NativeContract.LATENCY_BUCKETS];
        try (Use use = acquire()) {
            latencyBuckets(use.handle(), buckets);
        }
        return buckets;
    }

    private static native void latencyBuckets(long handle, long[] out);

    private static native long create(long statement, String settingsJson);

    private static native int submit(
            long handle, ByteBuffer rows, int length, long timestampMicros, long stepMicros, long[] metrics,
            int waitMillis);

    private static native int flush(long handle, long[] metrics, int waitMillis);

    private static native void raiseFailures(long handle);

    private static native void metrics(long handle, long[] out);

    private static native void release(long handle);
}
