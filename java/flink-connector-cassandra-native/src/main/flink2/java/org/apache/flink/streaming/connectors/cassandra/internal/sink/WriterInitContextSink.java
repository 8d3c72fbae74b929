package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Flink 2 adapter: a Sink V2 whose writer is created from a {@code WriterInitContext}, the only
 * {@code createWriter} Flink 2 declares (the 1.20 adapter also stubs the removed
 * {@code createWriter(InitContext)}).
 */
@Internal
public abstract class WriterInitContextSink<IN> implements Sink<IN> {
    private static final long serialVersionUID = 1L;
}
