package org.apache.flink.connector.cassandra.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.MapperOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowDataConverter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Preconditions;

/**
 * Builds a {@link CassandraSource}, as the official connector's builder:
 *
 * <pre>{@code
 * CassandraSource<Pojo> source = CassandraSource.builder()
 *         .setClusterBuilder(clusterBuilder)
 *         .setQuery("SELECT * FROM ks.users;")
 *         .setMaxSplitMemorySize(MemorySize.ofMebiBytes(32))
 *         .buildForPojo(Pojo.class);
 * }</pre>
 *
 * <p>{@link #buildForRowData(RowType)} reads Flink's internal {@link RowData}, the row type's fields
 * matched to the query's result columns by name.
 */
@PublicEvolving
public final class CassandraSourceBuilder {
    private ClusterBuilder clusterBuilder;
    private String query;
    private MemorySize maxSplitMemorySize;
    private MapperOptions mapperOptions;

    CassandraSourceBuilder() {}

    public CassandraSourceBuilder setClusterBuilder(ClusterBuilder clusterBuilder) {
        this.clusterBuilder = clusterBuilder;
        return this;
    }

    /** {@code SELECT .. FROM keyspace.table ..}; see {@link CassandraSource} for what it may contain. */
    public CassandraSourceBuilder setQuery(String query) {
        this.query = query;
        return this;
    }

    /** The estimated size of a split (default 64 MiB). */
    public CassandraSourceBuilder setMaxSplitMemorySize(MemorySize maxSplitMemorySize) {
        this.maxSplitMemorySize = Preconditions.checkNotNull(maxSplitMemorySize, "maxSplitMemorySize must not be null");
        return this;
    }

    /** Accepted as by the official builder; mapper options do not apply to reads. */
    public CassandraSourceBuilder setMapperOptions(MapperOptions mapperOptions) {
        this.mapperOptions = mapperOptions;
        return this;
    }

    /** Reads POJOs mapped by their annotations (see {@link CassandraSource}). */
    public <T> CassandraSource<T> buildForPojo(Class<T> pojoClass) {
        validate();
        return sized(new CassandraSource<>(clusterBuilder, pojoClass, query, mapperOptions));
    }

    /** Reads {@link RowData} of {@code rowType}, its fields matched to the result columns by name. */
    public CassandraSource<RowData> buildForRowData(RowType rowType) {
        validate();
        Preconditions.checkNotNull(rowType, "RowType is required");
        return sized(new CassandraSource<>(clusterBuilder, query, RowDataConverter.forRowType(rowType),
                TypeInformation.of(RowData.class)));
    }

    private void validate() {
        Preconditions.checkNotNull(clusterBuilder, "ClusterBuilder is required");
        Preconditions.checkNotNull(query, "Query is required");
    }

    private <T> CassandraSource<T> sized(CassandraSource<T> source) {
        if (maxSplitMemorySize != null) {
            source.setMaxSplitMemorySize(maxSplitMemorySize.getBytes());
        }
        return source;
    }
}
