package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WriterInitContextSink;
import org.apache.flink.table.data.RowData;

/** The table sink (Sink V2, at-least-once): upserts and deletes through two native pipelines. */
@Internal
public final class CassandraRowDataSink extends WriterInitContextSink<RowData> {
    private static final long serialVersionUID = 1L;

    private final SinkSpec spec;

    public CassandraRowDataSink(SinkSpec spec) {
        this.spec = spec;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        return new CassandraRowDataWriter(spec, context.getProcessingTimeService(), context.metricGroup());
    }
}
