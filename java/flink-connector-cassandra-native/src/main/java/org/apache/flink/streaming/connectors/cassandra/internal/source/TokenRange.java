package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranges of the Murmur3 token ring, each {@code (start, end]}.
 *
 * <p>Murmur3Partitioner never gives a key the token {@link Long#MIN_VALUE} (a hash equal to it is
 * mapped to {@link Long#MAX_VALUE}), so every key's token lies in {@code (MIN, MAX]}: the ring cut
 * open at MIN is one range that wraps nowhere. A range that wraps (start >= end, as the last vnode
 * range of a ring does) is expressed as the two ranges {@code (start, MAX]} and {@code (MIN, end]}.
 */
@Internal
public final class TokenRange {
    public static final long MIN = Long.MIN_VALUE;
    public static final long MAX = Long.MAX_VALUE;

    private TokenRange() {}

    /** {@code n} contiguous ranges of (nearly) equal width covering {@code (MIN, MAX]}, as {start, end} pairs. */
    public static List<long[]> split(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("split count must be at least 1, got " + n);
        }
        BigInteger min = BigInteger.valueOf(MIN);
        BigInteger width = BigInteger.valueOf(MAX).subtract(min);
        List<long[]> ranges = new ArrayList<>(n);
        long start = MIN;
        for (int i = 1; i <= n; i++) {
            long end = i == n ? MAX
                    : min.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n))).longValueExact();
            if (end > start) {
                ranges.add(new long[] {start, end});
            }
            start = end;
        }
        return ranges;
    }

    /** {@code (start, end]} as non-wrapping ranges: one, or two when it wraps around the ring. */
    public static List<long[]> unwrap(long start, long end) {
        List<long[]> ranges = new ArrayList<>(2);
        if (start < end) {
            ranges.add(new long[] {start, end});
        } else {
            // (start, MAX] then (MIN, end]; start == end is the whole ring.
            if (start < MAX) {
                ranges.add(new long[] {start, MAX});
            }
            if (end > MIN) {
                ranges.add(new long[] {MIN, end});
            }
        }
        return ranges;
    }
}
