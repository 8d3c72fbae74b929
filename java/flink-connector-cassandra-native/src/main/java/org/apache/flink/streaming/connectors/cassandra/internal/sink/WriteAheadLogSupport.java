package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The writing half of the write-ahead-log sinks, shared by the Tuple and Row variants.
 *
 * <p>Guarantees kept here: a checkpoint's rows get deterministic write times (the checkpoint's
 * timestamp in µs, plus the row's position), so a replay rewrites identical cells and of two rows
 * for one key the later wins; and once checkpoint N failed, no later checkpoint is written (and
 * so committed) until N has been, which keeps "N ≤ last committed" a sound test.
 */
@Internal
public final class WriteAheadLogSupport<IN> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLogSupport.class);

    private final BatchingWriter writer;
    private final RecordExtractor<IN> extractor;
    private final RowBuffer validation = new RowBuffer(1 << 16);
    private long oldestFailedCheckpoint = -1;

    private WriteAheadLogSupport(BatchingWriter writer, RecordExtractor<IN> extractor) {
        this.writer = writer;
        this.extractor = extractor;
    }

    public static <IN> WriteAheadLogSupport<IN> open(ClusterBuilder builder, String query, RecordExtractor<IN> extractor) {
        BatchingWriter writer = BatchingWriter.open(builder.getCluster(), query, null, new SinkOptions(),
                failure -> {
                    throw new IOException(failure);
                });
        return new WriteAheadLogSupport<>(writer, extractor);
    }

    /** Encodes the record once, so that bad input fails the job now instead of stalling the log. */
    public void validate(IN record) {
        validation.clear();
        writer.encoder().encodeRow(values(record), validation);
    }

    private Object[] values(IN record) {
        Object[] values = extractor.extract(record);
        for (int i = 0; i < values.length; i++) {
            values[i] = FlinkValues.adapt(values[i]);
        }
        return values;
    }

    /** Writes one checkpoint's records; true only when Cassandra acknowledged every one. */
    public boolean send(Iterable<IN> records, long checkpointId, long checkpointTimestampMillis) {
        if (oldestFailedCheckpoint >= 0 && checkpointId > oldestFailedCheckpoint) {
            LOG.info("Not writing checkpoint {} before the failed checkpoint {} is written", checkpointId, oldestFailedCheckpoint);
            return false;
        }
        try {
            writer.setTimestamps(Math.multiplyExact(checkpointTimestampMillis, 1000L));
            for (IN record : records) {
                writer.add(values(record));
            }
            writer.flush();
            if (checkpointId == oldestFailedCheckpoint) {
                oldestFailedCheckpoint = -1;
            }
            return true;
        } catch (IOException | CassandraConnectorException | ArithmeticException e) {
            LOG.warn("Writing checkpoint {} to Cassandra failed; it is retried at the next checkpoint: {}", checkpointId, e.getMessage());
            writer.discard();
            if (oldestFailedCheckpoint < 0 || checkpointId < oldestFailedCheckpoint) {
                oldestFailedCheckpoint = checkpointId;
            }
            return false;
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
