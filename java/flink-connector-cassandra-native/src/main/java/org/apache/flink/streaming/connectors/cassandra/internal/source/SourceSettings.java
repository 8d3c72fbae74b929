package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

import java.io.Serializable;

/** What a source or input format reads and how: immutable, shipped to the enumerator and readers. */
@Internal
public final class SourceSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long DEFAULT_MAX_SPLIT_BYTES = 64L << 20;
    public static final int SPLITS_PER_READER = 4;

    private final ClusterBuilder clusterBuilder;
    private final CassandraQuery query;
    private final Integer splitCount;
    private final Integer fetchSize;
    private final long maxSplitBytes;

    public SourceSettings(ClusterBuilder clusterBuilder, CassandraQuery query, Integer splitCount, Integer fetchSize,
            long maxSplitBytes) {
        this.clusterBuilder = clusterBuilder;
        this.query = query;
        this.splitCount = splitCount;
        this.fetchSize = fetchSize;
        this.maxSplitBytes = maxSplitBytes;
    }

    public ClusterBuilder clusterBuilder() {
        return clusterBuilder;
    }

    public CassandraQuery query() {
        return query;
    }

    /** The configured number of splits, or null to size them from the table's estimated size. */
    public Integer splitCount() {
        return splitCount;
    }

    /** Rows per page: the configured fetch size, else the cluster's ({@code QueryOptions.setFetchSize}). */
    public int fetchSize(Cluster cluster) {
        return fetchSize != null ? fetchSize : cluster.fetchSize();
    }

    public long maxSplitBytes() {
        return maxSplitBytes;
    }

    /** The read consistency: the cluster's default ({@code QueryOptions.setConsistencyLevel}). */
    public static String consistency(Cluster cluster) {
        return cluster.writerDefaults().consistency();
    }

    @Override
    public String toString() {
        return "query=" + query + ", splitCount=" + (splitCount == null ? "by size" : splitCount)
                + ", fetchSize=" + (fetchSize == null ? "cluster default" : fetchSize)
                + ", maxSplitBytes=" + maxSplitBytes + ", cluster=" + clusterBuilder;
    }
}
