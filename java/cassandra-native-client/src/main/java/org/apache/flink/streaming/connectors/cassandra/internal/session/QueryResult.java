package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowReader;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows returned by a query, decoded to Java values, with the paging state for the next page.
 * Layout from native code: {@code [u16 n]{ColSpec}* [u32 rows]{row}* [i32 len|-1][paging]}.
 *
 * <p>Internal.
 */
@Internal
public final class QueryResult {
    private final List<ColumnSpec> columns;
    private final List<Object[]> rows;
    private final byte[] pagingState;

    private QueryResult(List<ColumnSpec> columns, List<Object[]> rows, byte[] pagingState) {
        this.columns = columns;
        this.rows = rows;
        this.pagingState = pagingState;
    }

    /** No columns, no rows, no next page (what DDL returns). */
    public static QueryResult empty() {
        return parse(null);
    }

    static QueryResult parse(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            return new QueryResult(Collections.emptyList(), Collections.emptyList(), null);
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        List<ColumnSpec> columns = StatementMetadata.readColumns(in);
        List<CqlType> types = new ArrayList<>(columns.size());
        for (ColumnSpec column : columns) {
            types.add(column.type());
        }
        ByteBuffer rowsPart = in.slice();
        RowReader reader = new RowReader(rowsPart);
        List<Object[]> rows = new ArrayList<>(reader.rowCount());
        Object[] row;
        while ((row = reader.nextRowValues(types)) != null) {
            rows.add(row);
        }
        in.position(in.position() + reader.bytesRead());
        int pagingLength = in.getInt();
        byte[] paging = null;
        if (pagingLength > NativeContract.NO_PAGING_STATE) {
            paging = new byte[pagingLength];
            in.get(paging);
        }
        return new QueryResult(Collections.unmodifiableList(columns), Collections.unmodifiableList(rows), paging);
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    public List<Object[]> rows() {
        return rows;
    }

    /** The single value of a one-row, one-column result (e.g. {@code SELECT count(*)}). */
    public Object singleValue() {
        if (rows.size() != 1 || rows.get(0).length != 1) {
            throw new IllegalStateException("expected one row with one column, got " + rows.size() + " rows");
        }
        return rows.get(0)[0];
    }

    /** Opaque paging state of the next page, or null when this was the last page. */
    public byte[] pagingState() {
        return pagingState == null ? null : pagingState.clone();
    }
}
