package org.apache.flink.connector.cassandra.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;

import javax.annotation.Nullable;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Queue;

/**
 * The enumerator's checkpoint: the splits not yet assigned to a reader (splits being read are in
 * the readers' state, finished ones in neither). {@code planned} is false before the splits were
 * computed, so a restore from such a state plans them.
 */
@Internal
public final class CassandraEnumeratorState {
    private final boolean planned;
    private final ArrayDeque<CassandraSplit> unassigned;

    public CassandraEnumeratorState(boolean planned, Collection<CassandraSplit> unassigned) {
        this.planned = planned;
        this.unassigned = new ArrayDeque<>(unassigned);
    }

    /**
     * The official connector's constructor: {@code splitsToReassign} first, then {@code
     * numSplitsLeftToGenerate} ranges of {@code increment} tokens from {@code startToken}, the last
     * one ending at {@code maxToken}.
     */
    public CassandraEnumeratorState(long numSplitsLeftToGenerate, BigInteger increment, BigInteger startToken,
            BigInteger maxToken, Queue<CassandraSplit> splitsToReassign) {
        this(true, generate(numSplitsLeftToGenerate, increment, startToken, maxToken, splitsToReassign));
    }

    private static List<CassandraSplit> generate(long count, BigInteger increment, BigInteger startToken,
            BigInteger maxToken, Queue<CassandraSplit> splitsToReassign) {
        List<CassandraSplit> splits = new ArrayList<>(splitsToReassign);
        BigInteger start = startToken;
        for (long i = 0; i < count; i++) {
            BigInteger end = i == count - 1 ? maxToken : start.add(increment);
            splits.add(new CassandraSplit(start, end));
            start = end;
        }
        return splits;
    }

    public static CassandraEnumeratorState initial() {
        return new CassandraEnumeratorState(false, Collections.emptyList());
    }

    public boolean planned() {
        return planned;
    }

    public List<CassandraSplit> unassigned() {
        return Collections.unmodifiableList(new ArrayList<>(unassigned));
    }

    /** The splits still to hand out (the official connector's name). */
    public long getNumSplitsLeftToGenerate() {
        return unassigned.size();
    }

    /** Takes the next split to hand out, or null when none is left (the official connector's name). */
    public @Nullable CassandraSplit getNextSplit() {
        return unassigned.poll();
    }

    @Override
    public String toString() {
        return "CassandraEnumeratorState{planned=" + planned + ", unassigned=" + unassigned.size() + '}';
    }
}
