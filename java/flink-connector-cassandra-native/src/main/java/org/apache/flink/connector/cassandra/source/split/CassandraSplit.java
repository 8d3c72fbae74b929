package org.apache.flink.connector.cassandra.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A token range {@code (start, end]} of the table the source reads, and how far it was read: the
 * paging state of the page being read when the checkpoint was taken and how many rows of that page
 * were already emitted. A restored reader asks for that page again and skips those rows, so no
 * row is read twice or missed (as long as the data does not change meanwhile).
 */
@Internal
public final class CassandraSplit implements SourceSplit, Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final long start;
    private final long end;
    private final byte[] pagingState;
    private final int rowsToSkip;

    public CassandraSplit(int index, long start, long end) {
        this(index, start, end, null, 0);
    }

    public CassandraSplit(int index, long start, long end, byte[] pagingState, int rowsToSkip) {
        if (start >= end) {
            throw new IllegalArgumentException("empty or wrapping token range (" + start + ", " + end + "]");
        }
        this.index = index;
        this.start = start;
        this.end = end;
        this.pagingState = pagingState == null ? null : pagingState.clone();
        this.rowsToSkip = rowsToSkip;
    }

    @Override
    public String splitId() {
        return String.valueOf(index);
    }

    public int index() {
        return index;
    }

    /** Exclusive lower token bound. */
    public long start() {
        return start;
    }

    /** Inclusive upper token bound. */
    public long end() {
        return end;
    }

    /** The paging state of the page to resume at, or null to start at the beginning of the range. */
    public byte[] pagingState() {
        return pagingState == null ? null : pagingState.clone();
    }

    /** Rows of the page at {@link #pagingState()} that were already emitted. */
    public int rowsToSkip() {
        return rowsToSkip;
    }

    /** This range, resumed at {@code pagingState} after {@code rowsToSkip} rows of that page. */
    public CassandraSplit resumedAt(byte[] pagingState, int rowsToSkip) {
        return new CassandraSplit(index, start, end, pagingState, rowsToSkip);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CassandraSplit)) {
            return false;
        }
        CassandraSplit that = (CassandraSplit) o;
        return index == that.index && start == that.start && end == that.end && rowsToSkip == that.rowsToSkip
                && Arrays.equals(pagingState, that.pagingState);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(index) + Long.hashCode(start)) + Long.hashCode(end);
    }

    @Override
    public String toString() {
        return "CassandraSplit{" + index + ": (" + start + ", " + end + "]"
                + (pagingState == null ? "" : ", resumed after " + rowsToSkip + " rows of a page") + '}';
    }
}
