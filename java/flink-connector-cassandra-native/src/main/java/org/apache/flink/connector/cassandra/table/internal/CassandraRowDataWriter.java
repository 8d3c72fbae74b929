package org.apache.flink.connector.cassandra.table.internal;

import com.datastax.driver.core.Cluster;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.streaming.connectors.cassandra.NoOpCassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlCodec;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordEncoder;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RowBatcher;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkMetrics;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.util.List;

/**
 * Writes a changelog: {@code +I}/{@code +U} through the INSERT pipeline, {@code -D} through the
 * DELETE pipeline, {@code -U} dropped. Of two rows for one key the later must win: rows get
 * client-side write times from one process-wide monotonic clock when they are handed to a
 * pipeline, so the buffer of one pipeline is handed over before a row goes to the other.
 * Metrics: Flink's standard sink counters count both pipelines; the native pipeline's gauges are
 * under {@code cassandra} (upserts) and {@code cassandra.deletes} (deletes), as in the DataStream
 * sink.
 */
@Internal
final class CassandraRowDataWriter implements SinkWriter<RowData> {
    private final SinkSpec spec;
    private final RowBatcher inserts;
    private final RowBatcher deletes;
    private final RecordEncoder<RowData> insertRecords;
    private final RecordEncoder<RowData> deleteRecords;
    private final List<CqlTypeMapping.Converter> converters;
    private final RowData.FieldGetter[] getters;
    private final int[] keyPositions;
    private final ProcessingTimeService timers;
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private final SinkMetrics insertMetrics;
    private final SinkMetrics deleteMetrics;
    private RowBatcher last;
    private boolean timerPending;
    private IOException lingerFailure;

    CassandraRowDataWriter(SinkSpec spec, ProcessingTimeService timers, SinkWriterMetricGroup metricGroup) {
        this.spec = spec;
        this.timers = timers;
        Cluster cluster = spec.connection.getCluster();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings())) {
            this.converters = spec.check(CqlTableSchema.read(session, spec.keyspace, spec.table));
        }
        this.getters = new RowData.FieldGetter[spec.columns.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(spec.types.get(i), i);
        }
        this.keyPositions = new int[spec.primaryKey.size()];
        for (int i = 0; i < keyPositions.length; i++) {
            keyPositions[i] = spec.columns.indexOf(spec.primaryKey.get(i));
        }
        WritePlan insertPlan = WritePlan.builder(spec.connection, spec.insertCql()).options(spec.options)
                .failureHandler(new NoOpCassandraFailureHandler()).build();
        WritePlan deletePlan = insertPlan.withStatement(spec.deleteCql());
        this.insertRecords = insertPlan.encoder(this::insertValues);
        this.deleteRecords = deletePlan.encoder(this::deleteValues);
        this.inserts = insertPlan.open();
        RowBatcher deleteWriter = null;
        if (spec.upsert) {
            try {
                deleteWriter = deletePlan.open();
            } catch (RuntimeException e) {
                inserts.close();
                throw e;
            }
        }
        this.deletes = deleteWriter;
        this.recordsSent = metricGroup.getNumRecordsSendCounter();
        this.bytesSent = metricGroup.getNumBytesSendCounter();
        this.sendErrors = metricGroup.getNumRecordsSendErrorsCounter();
        MetricGroup cassandra = metricGroup.addGroup("cassandra");
        this.insertMetrics = new SinkMetrics(cassandra, inserts);
        this.deleteMetrics = deletes == null ? null : new SinkMetrics(cassandra.addGroup("deletes"), deletes);
    }

    @Override
    public void write(RowData row, Context context) throws IOException {
        throwLingerFailure();
        RowKind kind = row.getRowKind();
        if (kind == RowKind.UPDATE_BEFORE) {
            return; // the +U that follows overwrites the row
        }
        if (kind == RowKind.DELETE && deletes == null) {
            throw new IOException("Cassandra table " + spec.keyspace + "." + spec.table
                    + " got a DELETE but the Flink table declares no PRIMARY KEY");
        }
        RowBatcher target = kind == RowKind.DELETE ? deletes : inserts;
        long submittedBefore = rowsSubmitted();
        if (last != null && last != target) {
            last.sendBuffer(); // stamps its rows before the other pipeline's next row
        }
        last = target;
        target.add(row, kind == RowKind.DELETE ? deleteRecords : insertRecords);
        if (rowsSubmitted() != submittedBefore) {
            afterSend(); // only when a batch crossed: the counters come back with it
        }
        if (!timerPending) {
            timerPending = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + Math.max(1, spec.options.lingerMillis()), this::onLinger);
        }
    }

    private long rowsSubmitted() {
        return inserts.rowsSubmitted() + (deletes == null ? 0 : deletes.rowsSubmitted());
    }

    private void afterSend() {
        insertMetrics.update(recordsSent, bytesSent, sendErrors);
        if (deleteMetrics != null) {
            deleteMetrics.update(recordsSent, bytesSent, sendErrors);
        }
    }

    private Object[] insertValues(RowData row) {
        int n = getters.length;
        int extra = (spec.ttlIndex >= 0 ? 1 : 0) + (spec.writetimeIndex >= 0 ? 1 : 0);
        Object[] values = new Object[n + extra];
        for (int i = 0; i < n; i++) {
            Object v = getters[i].getFieldOrNull(row);
            // a null stays null here: the plan's RecordEncoder unsets it under sink.ignore-null-fields
            values[i] = v == null ? null : converters.get(i).convert(v);
        }
        int at = n;
        if (spec.ttlIndex >= 0) {
            values[at++] = row.isNullAt(spec.ttlIndex)
                    ? (spec.staticTtlSeconds != null ? spec.staticTtlSeconds : CqlCodec.UNSET)
                    : (Object) row.getInt(spec.ttlIndex);
        }
        if (spec.writetimeIndex >= 0) {
            values[at] = writetime(row);
        }
        return values;
    }

    private Object[] deleteValues(RowData row) {
        int offset = spec.writetimeIndex >= 0 ? 1 : 0;
        Object[] values = new Object[keyPositions.length + offset];
        if (offset == 1) {
            values[0] = writetime(row);
        }
        for (int i = 0; i < keyPositions.length; i++) {
            Object v = getters[keyPositions[i]].getFieldOrNull(row);
            values[offset + i] = v == null ? null : converters.get(keyPositions[i]).convert(v);
        }
        return values;
    }

    /** The row's write time in µs since the epoch, or unset (the sink's own timestamp). */
    private Object writetime(RowData row) {
        if (row.isNullAt(spec.writetimeIndex)) {
            return CqlCodec.UNSET;
        }
        TimestampData t = row.getTimestamp(spec.writetimeIndex, 6);
        return t.getMillisecond() * 1000L + t.getNanoOfMillisecond() / 1000;
    }

    private void onLinger(long time) {
        timerPending = false;
        try {
            if (last != null) {
                // the other pipeline's buffer is empty: it was sent when `last` got its first row
                last.sendBuffer();
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

    @Override
    public void flush(boolean endOfInput) throws IOException {
        throwLingerFailure();
        if (last != null) {
            last.sendBuffer();
        }
        inserts.flush();
        if (deletes != null) {
            deletes.flush();
        }
        afterSend();
    }

    @Override
    public void close() {
        inserts.close();
        if (deletes != null) {
            deletes.close();
        }
    }
}
