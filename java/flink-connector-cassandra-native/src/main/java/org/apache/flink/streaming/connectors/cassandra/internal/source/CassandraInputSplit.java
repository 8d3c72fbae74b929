package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.InputSplit;

/** An input format's split: a token range {@code (start, end]}, or the whole query unrestricted. */
@Internal
public final class CassandraInputSplit implements InputSplit {
    private static final long serialVersionUID = 1L;

    private final int number;
    private final boolean ranged;
    private final long start;
    private final long end;

    private CassandraInputSplit(int number, boolean ranged, long start, long end) {
        this.number = number;
        this.ranged = ranged;
        this.start = start;
        this.end = end;
    }

    public static CassandraInputSplit range(int number, long start, long end) {
        return new CassandraInputSplit(number, true, start, end);
    }

    /** The query as written, in one split. */
    public static CassandraInputSplit whole() {
        return new CassandraInputSplit(0, false, 0, 0);
    }

    @Override
    public int getSplitNumber() {
        return number;
    }

    public boolean ranged() {
        return ranged;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    @Override
    public String toString() {
        return ranged ? "CassandraInputSplit{" + number + ": (" + start + ", " + end + "]}" : "CassandraInputSplit{whole query}";
    }
}
