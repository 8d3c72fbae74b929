package org.apache.flink.connector.cassandra.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A token range {@code (start, end]} of the table the source reads, and how far it was read: the
 * paging state of the page being read when the checkpoint was taken and how many rows of that page
 * were already emitted. A restored reader asks for that page again and skips those rows, so no
 * row is read twice or missed (as long as the data does not change meanwhile).
 *
 * <p>The official connector's view of the same range is {@link #getRingRangeStart()} (inclusive)
 * and {@link #getRingRangeEnd()} (exclusive); as the Murmur3 ring has no key at {@code MIN}, a
 * range starting there includes every token from its start, and one ending at {@code MAX}
 * includes {@code MAX} (the official connector skips that token).
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

    /**
     * The official connector's constructor: the Murmur3 tokens in {@code [ringRangeStart,
     * ringRangeEnd)}.
     */
    public CassandraSplit(BigInteger ringRangeStart, BigInteger ringRangeEnd) {
        this(0, exclusiveStart(ringRangeStart), inclusiveEnd(ringRangeEnd));
    }

    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static long exclusiveStart(BigInteger inclusiveStart) {
        BigInteger start = inclusiveStart.subtract(BigInteger.ONE);
        return start.compareTo(MIN) < 0 ? Long.MIN_VALUE : start.min(MAX).longValueExact();
    }

    private static long inclusiveEnd(BigInteger exclusiveEnd) {
        BigInteger end = exclusiveEnd.subtract(BigInteger.ONE);
        return end.compareTo(MAX) > 0 ? Long.MAX_VALUE : end.max(MIN).longValueExact();
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

    /** The first token of the range (inclusive), as the official connector reports it. */
    public BigInteger getRingRangeStart() {
        return start == Long.MIN_VALUE ? MIN : BigInteger.valueOf(start).add(BigInteger.ONE);
    }

    /** The end of the range (exclusive), as the official connector reports it. */
    public BigInteger getRingRangeEnd() {
        return BigInteger.valueOf(end).add(BigInteger.ONE);
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
