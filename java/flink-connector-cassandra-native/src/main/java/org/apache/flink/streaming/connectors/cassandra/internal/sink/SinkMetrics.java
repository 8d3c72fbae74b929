package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterMetrics;

/**
 * Exposes the native pipeline's counters in a sink's metric group: rows acknowledged, batches
 * and bytes handed over, retries, failures, requests in flight, rows and bytes held by the native
 * writer (queued, in flight or retrying) and write latency (mean and max, µs). Gauges read the
 * native counters when a reporter asks; the standard sink counters are advanced from them after
 * each send (by the Sink V2 writers: the DataStream sink's and the SQL sink's, one per pipeline).
 * The write-ahead and {@code RichSinkFunction} sinks register the gauges only.
 */
@Internal
public final class SinkMetrics {
    private final RowBatcher writer;
    private WriterMetrics last;
    private long countedRows;
    private long countedBytes;
    private long countedFailures;

    public SinkMetrics(MetricGroup group, RowBatcher writer) {
        this.writer = writer;
        this.last = writer.metrics();
        group.gauge("rowsAcknowledged", (Gauge<Long>) () -> refresh().rowsSent());
        group.gauge("batchesSent", (Gauge<Long>) () -> refresh().batchesSubmitted());
        group.gauge("bytesSent", (Gauge<Long>) () -> refresh().bytesSubmitted());
        group.gauge("retries", (Gauge<Long>) () -> refresh().retries());
        group.gauge("failures", (Gauge<Long>) () -> refresh().failures());
        group.gauge("requestsInFlight", (Gauge<Long>) () -> refresh().inFlight());
        group.gauge("rowsHeld", (Gauge<Long>) () -> refresh().heldRows());
        group.gauge("bytesHeld", (Gauge<Long>) () -> refresh().heldBytes());
        group.gauge("unloggedBatchesSent", (Gauge<Long>) () -> refresh().unloggedBatches());
        group.gauge("writeLatencyMaxMicros", (Gauge<Long>) () -> refresh().latencyMicrosMax());
        group.gauge("writeLatencyMeanMicros", (Gauge<Long>) () -> {
            WriterMetrics m = refresh();
            long completed = m.rowsSent() + m.failures() + m.retries();
            return completed == 0 ? 0L : m.latencyMicrosTotal() / completed;
        });
        group.histogram("writeLatencyMicros", new NativeLatencyHistogram(writer));
    }

    private WriterMetrics refresh() {
        last = writer.metrics();
        return last;
    }

    /**
     * Advances the standard sink counters to what the native side has done, from the counters
     * the last send or flush brought back (no extra JNI call).
     */
    public void update(Counter recordsSent, Counter bytesSent, Counter errors) {
        WriterMetrics m = writer.lastMetrics();
        long rows = writer.rowsSubmitted();
        recordsSent.inc(rows - countedRows);
        countedRows = rows;
        bytesSent.inc(m.bytesSubmitted() - countedBytes);
        countedBytes = m.bytesSubmitted();
        errors.inc(m.failures() - countedFailures);
        countedFailures = m.failures();
    }
}
