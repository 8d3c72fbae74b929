package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

import java.io.IOException;

/**
 * The write path of the official {@code RichSinkFunction} sinks ({@code CassandraTupleSink},
 * {@code CassandraPojoSink}, ...): a thin adapter over the {@link WritePlan}'s {@link RowBatcher}
 * and {@link RecordEncoder}, as the Sink V2 at-least-once sink uses them. Records are encoded into the writer's buffer, which is sent when full
 * or, when a timer service is given, once its oldest row has waited the linger time (the timer
 * runs in the task thread); {@link #flush()} waits for every acknowledgement. Not thread-safe.
 */
@Internal
public final class SinkFunctionWriter<IN> implements AutoCloseable {
    private final RowBatcher writer;
    private final RecordEncoder<IN> records;
    private final long lingerMillis;
    /** Null when the sink runs outside a task (opened by hand): the buffer then waits for a flush. */
    private final ProcessingTimeService timers;
    private boolean timerPending;
    private IOException lingerFailure;

    private SinkFunctionWriter(
            RowBatcher writer, RecordEncoder<IN> records, long lingerMillis, ProcessingTimeService timers) {
        this.writer = writer;
        this.records = records;
        this.lingerMillis = lingerMillis;
        this.timers = timers;
    }

    /** Connects, prepares the plan's statement and opens the native pipeline. */
    public static <IN> SinkFunctionWriter<IN> open(
            WritePlan plan, RecordExtractor<IN> extractor, ProcessingTimeService timers) {
        return new SinkFunctionWriter<>(plan.open(), plan.encoder(extractor), plan.lingerMillis(), timers);
    }

    /** Shows the native writer's counters in {@code group} (see {@link SinkMetrics}). */
    public void registerMetrics(MetricGroup group) {
        new SinkMetrics(group, writer);
    }

    /** Encodes one record (null fields unset when asked) and sends the buffer when it is full. */
    public void write(IN record) throws IOException {
        throwLingerFailure();
        writer.add(record, records);
        if (timers != null && !timerPending && writer.bufferedRows() > 0) {
            timerPending = true;
            timers.registerTimer(
                    timers.getCurrentProcessingTime() + Math.max(1, lingerMillis), this::onLinger);
        }
    }

    private void onLinger(long time) {
        timerPending = false;
        try {
            writer.sendBuffer();
        } catch (IOException e) {
            lingerFailure = e;
        }
    }

    private void throwLingerFailure() throws IOException {
        if (lingerFailure != null) {
            IOException failure = lingerFailure;
            lingerFailure = null;
            throw failure;
        }
    }

    /** Sends the buffer and waits until every write is acknowledged or handed to the failure handler. */
    public void flush() throws IOException {
        throwLingerFailure();
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
