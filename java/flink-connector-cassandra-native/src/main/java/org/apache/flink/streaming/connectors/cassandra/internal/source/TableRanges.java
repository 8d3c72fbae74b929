package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidQueryException;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What the server says about the table a source reads: its partition key and its size. */
@Internal
public final class TableRanges {
    private static final Logger LOG = LoggerFactory.getLogger(TableRanges.class);
    /** More splits than this gain nothing but overhead. */
    static final int MAX_SPLITS = 10_000;

    private TableRanges() {}

    /** The partition key columns of the query's table, in key order (from {@code system_schema.columns}). */
    public static List<String> partitionKey(NativeSession session, CassandraQuery query) {
        NativeStatement columns = session.prepare(
                "SELECT column_name, kind, position FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?");
        TreeMap<Integer, String> key = new TreeMap<>();
        try {
            for (Object[] row : columns.execute(NativeSession.DEFAULT_CONSISTENCY, query.keyspace(), query.table()).rows()) {
                if ("partition_key".equals(row[1])) {
                    key.put((Integer) row[2], (String) row[0]);
                }
            }
        } finally {
            columns.close();
        }
        if (key.isEmpty()) {
            throw new CassandraInvalidQueryException(
                    "query: table " + query.keyspace() + "." + query.table()
                            + " does not exist (no partition key in system_schema.columns) (query: " + query + ")");
        }
        return new ArrayList<>(key.values());
    }

    /**
     * Checks the query against the table and prepares its token-range form (the server checks
     * columns and conditions here). The caller closes the statement.
     */
    public static NativeStatement prepareRangeQuery(NativeSession session, CassandraQuery query) {
        List<String> key = partitionKey(session, query);
        query.checkWhereAgainst(key);
        return session.prepare(query.rangeQuery(key));
    }

    /**
     * The estimated size of the table in bytes, from {@code system.size_estimates} (the sum over
     * its ranges of mean partition size times partition count); 0 when nothing is estimated yet.
     */
    public static long estimatedBytes(NativeSession session, CassandraQuery query) {
        NativeStatement estimates = session.prepare(
                "SELECT mean_partition_size, partitions_count FROM system.size_estimates "
                        + "WHERE keyspace_name = ? AND table_name = ?");
        try {
            long total = 0;
            for (Object[] row : estimates.execute(NativeSession.DEFAULT_CONSISTENCY, query.keyspace(), query.table()).rows()) {
                if (row[0] != null && row[1] != null) {
                    total += Math.max(0, (Long) row[0]) * Math.max(0, (Long) row[1]);
                }
            }
            return total;
        } catch (CassandraConnectorException e) {
            LOG.warn("Cannot read system.size_estimates, sizing splits by parallelism only: {}", e.getMessage());
            return 0;
        } finally {
            estimates.close();
        }
    }

    /**
     * How many splits to read: the configured count if any; else enough that each split holds
     * about {@code maxSplitBytes} of the estimated size, and at least {@code splitsPerReader} per
     * reader so that fast readers take over work from slow ones.
     */
    public static int splitCount(Integer configured, long estimatedBytes, long maxSplitBytes, int parallelism,
            int splitsPerReader) {
        if (configured != null) {
            return configured;
        }
        long bySize = estimatedBytes <= 0 ? 1 : (estimatedBytes + maxSplitBytes - 1) / maxSplitBytes;
        long byParallelism = (long) Math.max(1, parallelism) * splitsPerReader;
        return (int) Math.min(MAX_SPLITS, Math.max(bySize, byParallelism));
    }
}
