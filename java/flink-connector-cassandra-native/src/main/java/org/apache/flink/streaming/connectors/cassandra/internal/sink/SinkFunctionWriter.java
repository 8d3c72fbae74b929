package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlCodec;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

import com.datastax.driver.core.Cluster;

import java.io.IOException;

/**
 * The write path of the official {@code RichSinkFunction} sinks ({@code CassandraTupleSink},
 * {@code CassandraPojoSink}, ...): a thin adapter over the {@link BatchingWriter} the Sink V2
 * at-least-once sink uses. Records are encoded into the writer's buffer, which is sent when full
 * or, when a timer service is given, once its oldest row has waited the linger time (the timer
 * runs in the task thread); {@link #flush()} waits for every acknowledgement. Not thread-safe.
 */
@Internal
public final class SinkFunctionWriter<IN> implements AutoCloseable {
    private final BatchingWriter writer;
    private final RecordExtractor<IN> extractor;
    private final boolean ignoreNullFields;
    /** Null when the sink runs outside a task (opened by hand): the buffer then waits for a flush. */
    private final ProcessingTimeService timers;
    private boolean timerPending;
    private IOException lingerFailure;

    private SinkFunctionWriter(
            BatchingWriter writer, RecordExtractor<IN> extractor, boolean ignoreNullFields,
            ProcessingTimeService timers) {
        this.writer = writer;
        this.extractor = extractor;
        this.ignoreNullFields = ignoreNullFields;
        this.timers = timers;
    }

    /** Connects, prepares {@code statement} and opens the native pipeline. */
    public static <IN> SinkFunctionWriter<IN> open(
            Cluster cluster, String statement, String keyspace, RecordExtractor<IN> extractor,
            SinkOptions options, CassandraFailureHandler failureHandler, ProcessingTimeService timers) {
        BatchingWriter writer = BatchingWriter.open(cluster, statement, keyspace, options, failureHandler);
        return new SinkFunctionWriter<>(writer, extractor, options.ignoreNullFields(), timers);
    }

    /** Encodes one record (null fields unset when asked) and sends the buffer when it is full. */
    public void write(IN record) throws IOException {
        throwLingerFailure();
        Object[] values = extractor.extract(record);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            values[i] = value == null && ignoreNullFields ? CqlCodec.UNSET : FlinkValues.adapt(value);
        }
        writer.add(values);
        if (timers != null && !timerPending && writer.bufferedRows() > 0) {
            timerPending = true;
            timers.registerTimer(
                    timers.getCurrentProcessingTime() + Math.max(1, writer.lingerMillis()), this::onLinger);
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
