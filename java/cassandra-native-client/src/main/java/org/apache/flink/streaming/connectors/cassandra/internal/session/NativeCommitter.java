package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

import java.util.Arrays;

/**
 * One sink's rows in its checkpoint table: the table's statements are prepared once at
 * {@link #open}, and every later call only binds and executes them. The native committer holds
 * its own reference to the session, so the {@link NativeSession} it was opened with may be closed
 * at once. Internal.
 */
@Internal
public final class NativeCommitter extends NativeHandle {
    /** {@link Commits#last()} when the subtask has no committed checkpoint. */
    public static final long NONE = -1;

    private NativeCommitter(long handle, String keyspace, String table) {
        super(handle, NativeCommitter::release, "checkpoint committer of " + keyspace + "." + table);
    }

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
     * Creates the table as {@link #createResource} does (a restore into a new job may run where
     * it was never created) and prepares its statements for the rows of sink {@code sinkId}.
     */
    public static NativeCommitter open(
            NativeSession session, String keyspace, String table, String replication, String sinkId) {
        try (Use use = session.acquire()) {
            return new NativeCommitter(open(use.handle(), keyspace, table, replication, sinkId), keyspace, table);
        }
    }

    /**
     * Adds {@code checkpointId} to the subtask index's committed set and sets its last committed
     * checkpoint to {@code last}.
     */
    public void commit(int subtask, long checkpointId, long last) {
        try (Use use = acquire()) {
            commit(use.handle(), subtask, checkpointId, last);
        }
    }

    /** Removes {@code checkpointIds} from the subtask index's committed set. */
    public void forget(int subtask, long[] checkpointIds) {
        try (Use use = acquire()) {
            forget(use.handle(), subtask, checkpointIds);
        }
    }

    /** What the table records for the subtask index. */
    public Commits commits(int subtask) {
        long[] raw;
        try (Use use = acquire()) {
            raw = commits(use.handle(), subtask);
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

    private static native long open(long session, String keyspace, String table, String replication, String sinkId);

    private static native void commit(long handle, int subtask, long checkpointId, long last);

    private static native void forget(long handle, int subtask, long[] checkpointIds);

    private static native long[] commits(long handle, int subtask);

    private static native void release(long handle);
}
