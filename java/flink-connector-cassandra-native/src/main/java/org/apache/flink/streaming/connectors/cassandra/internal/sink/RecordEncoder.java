package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlCodec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowEncoder;

import java.io.Serializable;

/**
 * The one way a record becomes a row, for every sink and output format: extract the bind values
 * ({@link RecordExtractor}), adapt Flink's structured values ({@link FlinkValues#adapt}), turn a
 * null into {@link CqlCodec#UNSET} when nulls are ignored (else it is written as null, a
 * tombstone), then encode with the prepared statement's {@link RowEncoder}, which checks types and
 * keys. Made by {@link WritePlan#encoder(RecordExtractor)}.
 */
@Internal
public final class RecordEncoder<IN> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RecordExtractor<IN> extractor;
    private final boolean ignoreNullFields;

    RecordEncoder(RecordExtractor<IN> extractor, boolean ignoreNullFields) {
        this.extractor = extractor;
        this.ignoreNullFields = ignoreNullFields;
    }

    /** The record's bind values, adapted, with nulls unset when the plan ignores them. */
    public Object[] bindValues(IN record) {
        Object[] values = extractor.extract(record);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            values[i] = value == null && ignoreNullFields ? CqlCodec.UNSET : FlinkValues.adapt(value);
        }
        return values;
    }

    /**
     * Appends the record as one row to {@code out}.
     *
     * @throws org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException when it
     *     does not fit the statement; {@code out} is then as it was
     */
    public void encode(IN record, RowEncoder rows, RowBuffer out) {
        rows.encodeRow(bindValues(record), out);
    }
}
