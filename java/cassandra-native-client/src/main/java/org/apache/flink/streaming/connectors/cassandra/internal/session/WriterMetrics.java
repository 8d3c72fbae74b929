package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;

import static org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract.*;

/** A snapshot of a native writer's counters (indices: {@code NativeContract.METRIC_*}). Internal. */
@Internal
public final class WriterMetrics {
    private final long rowsSent;
    private final long batchesSubmitted;
    private final long bytesSubmitted;
    private final long retries;
    private final long failures;
    private final long inFlight;
    private final long latencyMicrosTotal;
    private final long latencyMicrosMax;
    private final long heldRows;
    private final long heldBytes;
    private final long maxHeldRows;
    private final long maxHeldBytes;
    private final long unloggedBatches;

    WriterMetrics(long[] v) {
        this.rowsSent = v[METRIC_ROWS_SENT];
        this.batchesSubmitted = v[METRIC_BATCHES_SUBMITTED];
        this.bytesSubmitted = v[METRIC_BYTES_SUBMITTED];
        this.retries = v[METRIC_RETRIES];
        this.failures = v[METRIC_FAILURES];
        this.inFlight = v[METRIC_IN_FLIGHT];
        this.latencyMicrosTotal = v[METRIC_LATENCY_MICROS_TOTAL];
        this.latencyMicrosMax = v[METRIC_LATENCY_MICROS_MAX];
        this.heldRows = v[METRIC_HELD_ROWS];
        this.heldBytes = v[METRIC_HELD_BYTES];
        this.maxHeldRows = v[METRIC_MAX_HELD_ROWS];
        this.maxHeldBytes = v[METRIC_MAX_HELD_BYTES];
        this.unloggedBatches = v[METRIC_UNLOGGED_BATCHES];
    }

    public long rowsSent() {
        return rowsSent;
    }

    public long batchesSubmitted() {
        return batchesSubmitted;
    }

    public long bytesSubmitted() {
        return bytesSubmitted;
    }

    public long retries() {
        return retries;
    }

    public long failures() {
        return failures;
    }

    public long inFlight() {
        return inFlight;
    }

    public long latencyMicrosTotal() {
        return latencyMicrosTotal;
    }

    public long latencyMicrosMax() {
        return latencyMicrosMax;
    }

    /** Rows submitted and not yet completed: queued, in flight or waiting for a retry. */
    public long heldRows() {
        return heldRows;
    }

    /** Value bytes (with their length prefixes) of the held rows. */
    public long heldBytes() {
        return heldBytes;
    }

    /** The most rows the writer ever held at once. */
    public long maxHeldRows() {
        return maxHeldRows;
    }

    /** The most value bytes the writer ever held at once. */
    public long maxHeldBytes() {
        return maxHeldBytes;
    }

    /** UNLOGGED batches written by batch grouping (each counts its rows in {@link #rowsSent()}). */
    public long unloggedBatches() {
        return unloggedBatches;
    }

    @Override
    public String toString() {
        return "WriterMetrics{rowsSent=" + rowsSent + ", batches=" + batchesSubmitted + ", bytes=" + bytesSubmitted
                + ", retries=" + retries + ", failures=" + failures + ", inFlight=" + inFlight
                + ", latencyMaxMicros=" + latencyMicrosMax + ", heldRows=" + heldRows + ", heldBytes=" + heldBytes
                + ", maxHeldRows=" + maxHeldRows + ", maxHeldBytes=" + maxHeldBytes
                + ", unloggedBatches=" + unloggedBatches + '}';
    }
}
