package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeLibrary;

/**
 * A reference to a native Cassandra session. Sessions are shared: every {@code open} with equal
 * {@link ConnectionSettings} in one classloader gets the same native session, which is closed
 * when the last reference is.
 *
 * <p>Internal.
 */
@Internal
public final class NativeSession extends NativeHandle {
    public static final String DEFAULT_CONSISTENCY = "LOCAL_ONE";

    private NativeSession(long handle, ConnectionSettings settings) {
        super(handle, NativeSession::release, "Cassandra session to " + settings.contactPoints());
    }

    /** Connects (or joins the live session with these settings); fails within the connect timeout. */
    public static NativeSession open(ConnectionSettings settings) {
        NativeLibrary.load();
        return new NativeSession(open(settings.toJson()), settings);
    }

    /** Prepares {@code query}; the session caches prepared statements. */
    public NativeStatement prepare(String query) {
        return prepare(query, null);
    }

    /** Prepares {@code query} against {@code keyspace} (null: the query names its keyspace). */
    public NativeStatement prepare(String query, String keyspace) {
        try (Use use = acquire()) {
            return new NativeStatement(prepare(use.handle(), query, keyspace), query, this);
        }
    }

    /** Runs a CQL string (DDL or a small SELECT) at {@link #DEFAULT_CONSISTENCY}. */
    public QueryResult execute(String cql) {
        return execute(cql, DEFAULT_CONSISTENCY);
    }

    public QueryResult execute(String cql, String consistency) {
        byte[] result;
        try (Use use = acquire()) {
            result = query(use.handle(), cql, consistency);
        }
        return QueryResult.parse(result);
    }

    /**
     * Runs the unprepared {@code cql} for one page of at most {@code pageSize} rows, continuing
     * after the page whose paging state is {@code pagingState} (null: the first page); see {@link
     * NativeStatement#executePage}.
     */
    public QueryResult queryPage(String cql, String consistency, int pageSize, byte[] pagingState) {
        byte[] result;
        try (Use use = acquire()) {
            result = queryPage(use.handle(), cql, consistency, pageSize, pagingState);
        }
        return QueryResult.parse(result);
    }

    /** Whether this and {@code other} refer to one shared native session (for tests). */
    boolean sharesNativeSessionWith(NativeSession other) {
        try (Use mine = acquire();
                Use theirs = other.acquire()) {
            return mine.handle() == theirs.handle();
        }
    }

    /** How many distinct native sessions are open in this classloader. */
    public static int openSessionCount() {
        NativeLibrary.load();
        return liveSessions();
    }

    private static native long open(String settingsJson);

    private static native void release(long handle);

    private static native int liveSessions();

    private static native long prepare(long handle, String query, String keyspace);

    private static native byte[] query(long handle, String cql, String consistency);

    private static native byte[] queryPage(
            long handle, String cql, String consistency, int pageSize, byte[] pagingState);
}
