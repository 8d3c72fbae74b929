package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Flink 1.20 adapter: a Sink V2 whose writer is created from a {@code WriterInitContext}. Flink
 * 1.20 still declares the abstract {@code createWriter(InitContext)} (removed in 2.0); it is
 * never called when {@code createWriter(WriterInitContext)} is overridden.
 */
@Internal
public abstract class WriterInitContextSink<IN> implements Sink<IN> {
    private static final long serialVersionUID = 1L;

    @Override
    @Deprecated
    public SinkWriter<IN> createWriter(InitContext context) {
        throw new UnsupportedOperationException("Flink calls createWriter(WriterInitContext)");
    }
}
