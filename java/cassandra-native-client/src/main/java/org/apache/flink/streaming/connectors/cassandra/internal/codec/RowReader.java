package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Iterates rows in the {@link RowBuffer} layout ({@code [u32 row_count]{[u16 col_count]{[i32
 * len][bytes]}*}*}) and decodes cells. Reads absolutely; the source buffer's position is not
 * changed. Not thread-safe.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class RowReader {
    private final ByteBuffer buf;
    private final int end;
    private final int start;
    private final int rowCount;
    private int rowsRead;
    private int pos;
    private int columnCount;
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];

    /** Reads the rows from {@code buffer}'s position to its limit. */
    public RowReader(ByteBuffer buffer) {
        this.buf = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.end = buf.limit();
        this.start = buf.position();
        if (end - start < 4) {
            throw malformed("missing row count");
        }
        long count = buf.getInt(start) & 0xFFFFFFFFL;
        if (count > Integer.MAX_VALUE) {
            throw malformed("row count " + count);
        }
        this.rowCount = (int) count;
        this.pos = start + 4;
    }

    /** Bytes consumed so far, counted from the buffer's position at construction. */
    public int bytesRead() {
        return pos - start;
    }

    /** The number of rows in the buffer. */
    public int rowCount() {
        return rowCount;
    }

    /** Advances to the next row; false when all rows were read. */
    public boolean nextRow() {
        if (rowsRead >= rowCount) {
            columnCount = 0;
            return false;
        }
        if (end - pos < 2) {
            throw malformed("truncated row " + rowsRead);
        }
        int cols = buf.getShort(pos) & 0xFFFF;
        pos += 2;
        if (cols > offsets.length) {
            offsets = new int[Math.max(cols, offsets.length * 2)];
            lengths = new int[offsets.length];
        }
        for (int c = 0; c < cols; c++) {
            if (end - pos < 4) {
                throw malformed("truncated row " + rowsRead);
            }
            int len = buf.getInt(pos);
            pos += 4;
            offsets[c] = pos;
            lengths[c] = len;
            if (len > 0) {
                if (len > end - pos) {
                    throw malformed("truncated value in row " + rowsRead);
                }
                pos += len;
            } else if (len < 0 && len != NativeContract.NULL && len != NativeContract.UNSET) {
                throw malformed("bad value length " + len + " in row " + rowsRead);
            }
        }
        columnCount = cols;
        rowsRead++;
        return true;
    }

    /** Columns of the current row. */
    public int columnCount() {
        return columnCount;
    }

    /** Whether the cell is null (or unset). */
    public boolean isNull(int col) {
        checkColumn(col);
        return lengths[col] < 0;
    }

    /** Length of the cell's bytes: -1 for null, -2 for unset. */
    public int length(int col) {
        checkColumn(col);
        return lengths[col];
    }

    /** Decodes the cell of column {@code col} of the current row. */
    public Object decode(int col, CqlCodec codec) {
        checkColumn(col);
        return codec.decode(buf, offsets[col], lengths[col]);
    }

    /** Decodes the cell of column {@code col} of the current row. */
    public Object decode(int col, CqlType type) {
        return decode(col, CqlCodec.forType(type));
    }

    /** Advances and decodes the whole next row; null when all rows were read. */
    public Object[] nextRowValues(CqlCodec[] codecs) {
        if (!nextRow()) {
            return null;
        }
        if (columnCount != codecs.length) {
            throw malformed(
                    "row " + (rowsRead - 1) + " has " + columnCount + " columns, expected "
                            + codecs.length);
        }
        Object[] values = new Object[columnCount];
        for (int c = 0; c < columnCount; c++) {
            values[c] = codecs[c].decode(buf, offsets[c], lengths[c]);
        }
        return values;
    }

    /** Advances and decodes the whole next row; null when all rows were read. */
    public Object[] nextRowValues(List<CqlType> types) {
        return nextRowValues(codecsFor(types));
    }

    /** The codecs of {@code types}, to pass to {@link #nextRowValues(CqlCodec[])}. */
    public static CqlCodec[] codecsFor(List<CqlType> types) {
        CqlCodec[] codecs = new CqlCodec[types.size()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = CqlCodec.forType(types.get(i));
        }
        return codecs;
    }

    private void checkColumn(int col) {
        if (col < 0 || col >= columnCount) {
            throw new IndexOutOfBoundsException(
                    "column " + col + " of a row of " + columnCount + " columns");
        }
    }

    private static CassandraConnectorException malformed(String what) {
        return new CassandraConnectorException(
                CassandraConnectorException.Code.INTERNAL, "Malformed row buffer: " + what);
    }
}
