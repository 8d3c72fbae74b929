package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.cassandra.internal.mapping.PojoMapping;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordExtractor;
import org.apache.flink.util.Preconditions;

import javax.annotation.Nullable;

/**
 * Writes POJOs annotated like the DataStax mapper's entities ({@code @Table}, {@code @Column},
 * {@code @Transient}, ...): the INSERT is generated from the annotations in {@link #open}; a
 * {@code @Table} without a keyspace uses the keyspace given here. {@link MapperOptions} set the
 * TTL, write time, {@code IF NOT EXISTS} and whether null fields are written. A {@code
 * RichSinkFunction} for {@code stream.addSink(...)}; see {@link CassandraSinkBase}.
 *
 * @param <IN> the POJO type
 */
@PublicEvolving
public class CassandraPojoSink<IN> extends CassandraSinkBase<IN, Void> {
    private static final long serialVersionUID = 1L;

    protected final Class<IN> clazz;
    private final MapperOptions options;
    private final String keyspace;
    private transient PojoMapping<IN> mapping;
    private transient RecordExtractor<IN> extractor;

    public CassandraPojoSink(Class<IN> clazz, ClusterBuilder builder) {
        this(clazz, builder, null, null);
    }

    public CassandraPojoSink(Class<IN> clazz, ClusterBuilder builder, @Nullable MapperOptions options) {
        this(clazz, builder, options, null);
    }

    public CassandraPojoSink(Class<IN> clazz, ClusterBuilder builder, String keyspace) {
        this(clazz, builder, null, keyspace);
    }

    public CassandraPojoSink(Class<IN> clazz, ClusterBuilder builder, @Nullable MapperOptions options, String keyspace) {
        this(clazz, builder, options, keyspace, CassandraSinkBaseConfig.newBuilder().build());
    }

    CassandraPojoSink(
            Class<IN> clazz, ClusterBuilder builder, @Nullable MapperOptions options, String keyspace,
            CassandraSinkBaseConfig config) {
        this(clazz, builder, options, keyspace, config, new NoOpCassandraFailureHandler());
    }

    CassandraPojoSink(
            Class<IN> clazz, ClusterBuilder builder, @Nullable MapperOptions options, String keyspace,
            CassandraSinkBaseConfig config, CassandraFailureHandler failureHandler) {
        super(builder, config, failureHandler);
        this.clazz = Preconditions.checkNotNull(clazz, "clazz must not be null");
        this.options = options;
        this.keyspace = keyspace;
    }

    /**
     * Reads the class's mapping, then connects.
     *
     * @throws IllegalArgumentException naming the class when its annotations do not map it to a table
     */
    // deprecation: open(Configuration) is the official sinks' API (see CassandraSinkBase).
    @SuppressWarnings("deprecation")
    @Override
    public void open(Configuration configuration) {
        mapping = PojoMapping.of(clazz, keyspace, options);
        extractor = mapping.extractor();
        super.open(configuration);
    }

    @Override
    String statement() {
        return mapping.insertStatement();
    }

    @Override
    String keyspace() {
        return keyspace == null || keyspace.isEmpty() ? null : keyspace;
    }

    @Override
    boolean ignoreNullFields() {
        return !mapping.saveNullFields();
    }

    @Override
    Object[] fields(IN record) {
        return extractor.extract(record);
    }
}
