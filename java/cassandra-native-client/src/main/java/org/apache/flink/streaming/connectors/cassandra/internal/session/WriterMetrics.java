package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;

/** A snapshot of a native writer's counters (filled by native code in this order). Internal. */
@Internal
public final class WriterMetrics {
    static final int FIELDS = 12;

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

    WriterMetrics(long[] v) {
        this.rowsSent = v[0];
        this.batchesSubmitted = v[1];
        this.bytesSubmitted = v[2];
        this.retries = v[3];
        this.failures = v[4];
        this.inFlight = v[5];
        this.latencyMicrosTotal = v[6];
        this.latencyMicrosMax = v[7];
        this.heldRows = v[8];
        this.heldBytes = v[9];
        this.maxHeldRows = v[10];
        this.maxHeldBytes = v[11];
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

    @Override
    public String toString() {
        return "WriterMetrics{rowsSent=" + rowsSent + ", batches=" + batchesSubmitted + ", bytes=" + bytesSubmitted
                + ", retries=" + retries + ", failures=" + failures + ", inFlight=" + inFlight
                + ", latencyMaxMicros=" + latencyMicrosMax + ", heldRows=" + heldRows + ", heldBytes=" + heldBytes
                + ", maxHeldRows=" + maxHeldRows + ", maxHeldBytes=" + maxHeldBytes + '}';
    }
}
