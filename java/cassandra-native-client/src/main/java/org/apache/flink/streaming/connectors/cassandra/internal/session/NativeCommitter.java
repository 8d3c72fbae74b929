package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

import java.util.Arrays;

/**
 * Checkpoint-table bookkeeping for the exactly-once sinks; the statements live on the native
 * side. Internal.
 */
@Internal
public final class NativeCommitter {
    /** {@link Commits#last()} when the subtask has no committed checkpoint. */
    public static final long NONE = -1;

    private NativeCommitter() {}

    /**
     * Creates {@code keyspace} (with {@code replication}, a CQL map literal such as
     * {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}) and the checkpoint table,
     * unless they exist (read from {@code system_schema} first: no DDL, and so no CREATE
     * permission, when they do). Concurrent calls, also from other processes, are safe: the DDL
     * says {@code IF NOT EXISTS} and is followed by a wait for schema agreement.
     */
    public static void createResource(NativeSession session, String keyspace, String table, String replication) {
        try (Use use = session.acquire()) {
            createResource(use.handle(), keyspace, table, replication);
        }
    }

    /**
     * Adds {@code checkpointId} to the subtask index's committed set and sets its last committed
     * checkpoint to {@code last}.
     */
    public static void commit(
            NativeSession session, String keyspace, String table, String sinkId, int subtask, long checkpointId, long last) {
        try (Use use = session.acquire()) {
            commit(use.handle(), keyspace, table, sinkId, subtask, checkpointId, last);
        }
    }

    /** Removes {@code checkpointIds} from the subtask index's committed set. */
    public static void forget(NativeSession session, String keyspace, String table, String sinkId, int subtask, long[] checkpointIds) {
        try (Use use = session.acquire()) {
            forget(use.handle(), keyspace, table, sinkId, subtask, checkpointIds);
        }
    }

    /** What the table records for the subtask index. */
    public static Commits commits(NativeSession session, String keyspace, String table, String sinkId, int subtask) {
        long[] raw;
        try (Use use = session.acquire()) {
            raw = commits(use.handle(), keyspace, table, sinkId, subtask);
        }
        return new Commits(raw[0], raw[1] == 1 ? Arrays.copyOfRange(raw, 2, raw.length) : null);
    }

    /** One row of the checkpoint table. */
    public static final class Commits {
        private final long last;
        private final long[] committed;

        Commits(long last, long[] committed) {
            this.last = last;
            this.committed = committed;
        }

        /** The last committed checkpoint ({@code checkpoint_id}), or {@link #NONE}. */
        public long last() {
            return last;
        }

        /**
         * The exact committed ids, or null for a row written before that column existed (then
         * only {@link #last()} is known).
         */
        public long[] committed() {
            return committed == null ? null : committed.clone();
        }
    }

    private static native void createResource(long session, String keyspace, String table, String replication);

    private static native void commit(long session, String keyspace, String table, String sinkId, int subtask, long checkpointId, long last);

    private static native void forget(long session, String keyspace, String table, String sinkId, int subtask, long[] checkpointIds);

    private static native long[] commits(long session, String keyspace, String table, String sinkId, int subtask);
}
