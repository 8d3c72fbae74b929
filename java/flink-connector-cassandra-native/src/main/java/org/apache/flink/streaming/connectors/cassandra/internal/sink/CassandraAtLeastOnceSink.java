package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

/**
 * The at-least-once sink (Sink V2): every record is acknowledged by Cassandra before the
 * checkpoint that covers it completes, because the writer flushes before each checkpoint.
 */
@Internal
public final class CassandraAtLeastOnceSink<IN> extends WriterInitContextSink<IN> {
    private static final long serialVersionUID = 1L;

    private final ClusterBuilder clusterBuilder;
    private final String query;
    private final String keyspace;
    private final RecordExtractor<IN> extractor;
    private final SinkOptions options;
    private final CassandraFailureHandler failureHandler;

    public CassandraAtLeastOnceSink(
            ClusterBuilder clusterBuilder, String query, String keyspace, RecordExtractor<IN> extractor,
            SinkOptions options, CassandraFailureHandler failureHandler) {
        this.clusterBuilder = clusterBuilder;
        this.query = query;
        this.keyspace = keyspace;
        this.extractor = extractor;
        this.options = options;
        this.failureHandler = failureHandler;
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) {
        return new CassandraSinkWriter<>(
                BatchingWriter.open(clusterBuilder.getCluster(), query, keyspace, options, failureHandler),
                extractor, options.ignoreNullFields(), context);
    }
}
