package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import java.io.IOException;

/**
 * The Flink side of the at-least-once sink: encodes each record ({@link RecordEncoder}) into a
 * {@link RowBatcher} and drives its timing and metrics. The buffer is sent when full, when its oldest
 * row has lingered long enough (a processing-time timer, run in the task thread), and before
 * every checkpoint and at end of input, when the writer also waits for every acknowledgement.
 */
@Internal
final class CassandraSinkWriter<IN> implements SinkWriter<IN> {
    private final RowBatcher writer;
    private final RecordEncoder<IN> records;
    private final long lingerMillis;
    private final ProcessingTimeService timers;
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private final SinkMetrics metrics;
    private boolean timerPending;
    private IOException lingerFailure;

    CassandraSinkWriter(
            RowBatcher writer, RecordEncoder<IN> records, long lingerMillis, WriterInitContext context) {
        this.writer = writer;
        this.records = records;
        this.lingerMillis = lingerMillis;
        this.timers = context.getProcessingTimeService();
        SinkWriterMetricGroup group = context.metricGroup();
        this.recordsSent = group.getNumRecordsSendCounter();
        this.bytesSent = group.getNumBytesSendCounter();
        this.sendErrors = group.getNumRecordsSendErrorsCounter();
        this.metrics = new SinkMetrics(group.addGroup("cassandra"), writer);
    }

    @Override
    public void write(IN element, Context context) throws IOException {
        throwLingerFailure();
        long submittedBefore = writer.rowsSubmitted();
        writer.add(element, records);
        if (writer.rowsSubmitted() != submittedBefore) {
            afterSend(); // only when a batch crossed: reading the native counters costs a JNI call
        }
        if (!timerPending && writer.bufferedRows() > 0) {
            timerPending = true;
            long now = timers.getCurrentProcessingTime();
            timers.registerTimer(now + Math.max(1, lingerMillis), this::onLinger);
        }
    }

    private void onLinger(long time) {
        timerPending = false;
        try {
            if (writer.bufferedRows() > 0) {
                writer.sendBuffer();
                afterSend();
            }
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

    private void afterSend() {
        metrics.update(recordsSent, bytesSent, sendErrors);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        throwLingerFailure();
        writer.flush();
        afterSend();
    }

    @Override
    public void close() {
        writer.close();
    }
}
