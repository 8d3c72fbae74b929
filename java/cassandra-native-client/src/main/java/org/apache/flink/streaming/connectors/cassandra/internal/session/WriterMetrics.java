package org.apache.flink.streaming.connectors.cassandra.internal.session;

/** A snapshot of a native writer's counters (filled by native code in this order). Internal. */
public final class WriterMetrics {
    static final int FIELDS = 8;

    private final long rowsSent;
    private final long batchesSubmitted;
    private final long bytesSubmitted;
    private final long retries;
    private final long failures;
    private final long inFlight;
    private final long latencyMicrosTotal;
    private final long latencyMicrosMax;

    WriterMetrics(long[] v) {
        this.rowsSent = v[0];
        this.batchesSubmitted = v[1];
        this.bytesSubmitted = v[2];
        this.retries = v[3];
        this.failures = v[4];
        this.inFlight = v[5];
        this.latencyMicrosTotal = v[6];
        this.latencyMicrosMax = v[7];
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

    @Override
    public String toString() {
        return "WriterMetrics{rowsSent=" + rowsSent + ", batches=" + batchesSubmitted + ", bytes=" + bytesSubmitted
                + ", retries=" + retries + ", failures=" + failures + ", inFlight=" + inFlight
                + ", latencyMaxMicros=" + latencyMicrosMax + '}';
    }
}
