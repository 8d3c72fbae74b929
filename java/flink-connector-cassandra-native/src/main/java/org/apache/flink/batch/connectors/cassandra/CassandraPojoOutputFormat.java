package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.MapperOptions;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.mapping.PojoMapping;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordExtractor;

import java.time.Duration;

/** Writes POJOs to the table of their {@code @Table} annotation, as the POJO sink does. */
@PublicEvolving
public class CassandraPojoOutputFormat<OUT> extends CassandraOutputFormatBase<OUT> {
    private static final long serialVersionUID = 1L;

    private final RecordExtractor<OUT> extractor;

    public CassandraPojoOutputFormat(ClusterBuilder builder, Class<OUT> outputClass) {
        this(builder, outputClass, null);
    }

    public CassandraPojoOutputFormat(ClusterBuilder builder, Class<OUT> outputClass, MapperOptions mapperOptions) {
        this(PojoMapping.of(outputClass, null, mapperOptions), builder);
    }

    /** With the official connector's concurrency bound (see {@link CassandraOutputFormatBase}). */
    public CassandraPojoOutputFormat(ClusterBuilder builder, Class<OUT> outputClass, MapperOptions mapperOptions,
            int maxConcurrentRequests, Duration maxConcurrentRequestsTimeout) {
        this(PojoMapping.of(outputClass, null, mapperOptions), builder, maxConcurrentRequests,
                maxConcurrentRequestsTimeout);
    }

    private CassandraPojoOutputFormat(PojoMapping<OUT> mapping, ClusterBuilder builder) {
        super(mapping.insertStatement(), builder);
        this.extractor = mapping.extractor();
        // As the POJO sink: the mapping's null handling and consistency.
        options().ignoreNullFields(!mapping.saveNullFields());
        if (mapping.consistency() != null) {
            options().consistency(mapping.consistency());
        }
    }

    private CassandraPojoOutputFormat(PojoMapping<OUT> mapping, ClusterBuilder builder, int maxConcurrentRequests,
            Duration maxConcurrentRequestsTimeout) {
        super(mapping.insertStatement(), builder, maxConcurrentRequests, maxConcurrentRequestsTimeout);
        this.extractor = mapping.extractor();
    }

    @Override
    protected Object[] extract(OUT record) {
        return extractor.extract(record);
    }
}
