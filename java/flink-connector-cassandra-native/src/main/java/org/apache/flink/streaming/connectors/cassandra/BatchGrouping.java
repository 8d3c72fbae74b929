package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Which rows a sink sends together as one UNLOGGED batch (like the Spark connector's {@code
 * batch.grouping.key}). Rows are grouped within each buffer the sink hands to the native pipeline
 * ({@code setBatchSize}, {@code setMaxBufferedTime}); a batch is bounded in rows and bytes, never
 * holds two rows of one primary key, and is retried, counted and reported row by row like single
 * writes. Counter updates, conditional updates and other statements that are not safe to repeat
 * are always written row by row. See docs/performance.md for when each mode helps.
 */
@PublicEvolving
public enum BatchGrouping {
    /** Every row is its own request (the default). */
    NONE,
    /** Rows of one partition go as one batch: one mutation per partition on the server. */
    PARTITION,
    /** Rows whose partitions have the same replicas go as one batch, across partitions. */
    REPLICA_SET
}
