package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The at-least-once sink (Sink V2): every record is acknowledged by Cassandra before the
 * checkpoint that covers it completes, because the writer flushes before each checkpoint.
 */
@Internal
public final class CassandraAtLeastOnceSink<IN> extends WriterInitContextSink<IN> {
    private static final long serialVersionUID = 1L;

    private final WritePlan plan;
    private final RecordEncoder<IN> records;

    public CassandraAtLeastOnceSink(WritePlan plan, RecordExtractor<IN> extractor) {
        this.plan = plan;
        this.records = plan.encoder(extractor);
    }

    /** What this sink writes with (for tests and the table sink). */
    public WritePlan plan() {
        return plan;
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) {
        return new CassandraSinkWriter<>(plan.open(), records, plan.lingerMillis(), context);
    }
}
