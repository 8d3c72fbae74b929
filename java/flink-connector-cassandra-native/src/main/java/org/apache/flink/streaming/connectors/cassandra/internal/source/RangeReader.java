package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;

/**
 * Reads pages of a prepared query, either restricted to one token range {@code (start, end]}
 * (the query binds the two bounds) or unrestricted (it binds nothing). One native call per page;
 * what a page holds is all that is in memory. Thread-confined: one fetch at a time.
 */
@Internal
public final class RangeReader {
    private final NativeStatement statement;
    private final String consistency;
    private final int fetchSize;
    private final RowBuffer values = new RowBuffer(64);

    public RangeReader(NativeStatement statement, String consistency, int fetchSize) {
        this.statement = statement;
        this.consistency = consistency;
        this.fetchSize = fetchSize;
    }

    /** The page after {@code pagingState} (null: the first) of token range {@code (start, end]}. */
    public QueryResult page(long start, long end, byte[] pagingState) {
        values.clear();
        statement.encoder().encodeRow(new Object[] {start, end}, values);
        return statement.executePage(values, consistency, fetchSize, pagingState);
    }

    /** The page after {@code pagingState} of a query without bind variables. */
    public QueryResult page(byte[] pagingState) {
        values.clear();
        statement.encoder().encodeRow(new Object[0], values);
        return statement.executePage(values, consistency, fetchSize, pagingState);
    }
}
