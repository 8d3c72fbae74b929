package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowEncoder;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeHandle.Use;

import java.nio.ByteBuffer;

/**
 * A prepared statement with its bind-variable and result metadata (as the server reported it at
 * prepare time) and an encoder that checks and encodes rows for it.
 *
 * <p>Internal.
 */
@Internal
public final class NativeStatement extends NativeHandle {
    private final String query;
    private final StatementMetadata metadata;
    private final RowEncoder encoder;
    private final NativeSession session;

    NativeStatement(long handle, String query, NativeSession session) {
        super(handle, NativeStatement::release, "prepared statement '" + query + "'");
        this.query = query;
        this.session = session;
        try (Use use = acquire()) {
            this.metadata = StatementMetadata.parse(ByteBuffer.wrap(metadata(use.handle())));
        }
        this.encoder = new RowEncoder(query, metadata, ClusteringColumns.of(session, metadata));
    }

    public String query() {
        return query;
    }

    public StatementMetadata metadata() {
        return metadata;
    }

    public RowEncoder encoder() {
        return encoder;
    }

    /** Binds {@code values} and executes once; returns the rows of a SELECT. */
    public QueryResult execute(String consistency, Object... values) {
        RowBuffer rows = new RowBuffer(1024);
        encoder.encodeRow(values, rows);
        return execute(rows, consistency);
    }

    /** Executes every row of {@code rows} in turn and returns the last result. */
    public QueryResult execute(RowBuffer rows, String consistency) {
        ByteBuffer buffer = rows.finish();
        byte[] result;
        try (Use use = acquire()) {
            result = execute(use.handle(), buffer, buffer.limit(), consistency);
        }
        return QueryResult.parse(result);
    }

    /**
     * Executes with the single row of bind values in {@code values} for one page of at most
     * {@code pageSize} rows, continuing after the page whose {@link QueryResult#pagingState()}
     * is {@code pagingState} (null: the first page). The result's paging state is null after the
     * last page. Memory is bounded by the page, never by the whole result.
     */
    public QueryResult executePage(RowBuffer values, String consistency, int pageSize, byte[] pagingState) {
        ByteBuffer buffer = values.finish();
        byte[] result;
        try (Use use = acquire()) {
            result = executePage(use.handle(), buffer, buffer.limit(), consistency, pageSize, pagingState);
        }
        return QueryResult.parse(result);
    }

    /**
     * Starts reading every page of the single row of bind values in {@code values} and returns at
     * once: no thread waits. The native runtime completes the answer with all rows (no paging
     * state), or with the error after retrying transient failures (timeouts, unavailable,
     * overloaded) up to {@code maxRetries} times; the error names the query and the attempts.
     * For lookups, whose answers are a key's rows.
     */
    public PendingQuery executeAsync(RowBuffer values, String consistency, int pageSize, int maxRetries) {
        ByteBuffer buffer = values.finish();
        PendingQuery answer = new PendingQuery();
        try (Use use = acquire()) {
            executeAsync(use.handle(), buffer, buffer.limit(), consistency, pageSize, maxRetries, answer);
        }
        return answer;
    }

    private static native byte[] metadata(long handle);

    private static native byte[] execute(long handle, ByteBuffer rows, int length, String consistency);

    private static native byte[] executePage(
            long handle, ByteBuffer rows, int length, String consistency, int pageSize, byte[] pagingState);

    private static native void executeAsync(long handle, ByteBuffer rows, int length, String consistency, int pageSize,
            int maxRetries, PendingQuery answer);

    private static native void release(long handle);
}
