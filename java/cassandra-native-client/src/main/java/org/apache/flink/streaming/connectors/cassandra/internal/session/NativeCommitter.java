package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

/**
 * Checkpoint-table bookkeeping for the exactly-once sinks; the statements live on the native
 * side. Internal.
 */
public final class NativeCommitter {
    /** Returned by {@link #lastCommitted} when the subtask has no committed checkpoint. */
    public static final long NONE = -1;

    private NativeCommitter() {}

    /**
     * Creates {@code keyspace} (with {@code replication}, a CQL map literal such as
     * {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}) and the checkpoint table,
     * unless they exist. Concurrent calls are safe.
     */
    public static void createResource(NativeSession session, String keyspace, String table, String replication) {
        try (Use use = session.acquire()) {
            createResource(use.handle(), keyspace, table, replication);
        }
    }

    public static void commit(NativeSession session, String keyspace, String table, String sinkId, int subtask, long checkpointId) {
        try (Use use = session.acquire()) {
            commit(use.handle(), keyspace, table, sinkId, subtask, checkpointId);
        }
    }

    /** The last checkpoint committed by the subtask, or {@link #NONE}. */
    public static long lastCommitted(NativeSession session, String keyspace, String table, String sinkId, int subtask) {
        try (Use use = session.acquire()) {
            return lastCommitted(use.handle(), keyspace, table, sinkId, subtask);
        }
    }

    private static native void createResource(long session, String keyspace, String table, String replication);

    private static native void commit(long session, String keyspace, String table, String sinkId, int subtask, long checkpointId);

    private static native long lastCommitted(long session, String keyspace, String table, String sinkId, int subtask);
}
