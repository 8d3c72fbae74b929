package org.apache.flink.connector.cassandra.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The enumerator's checkpoint: the splits not yet assigned to a reader (splits being read are in
 * the readers' state, finished ones in neither). {@code planned} is false before the splits were
 * computed, so a restore from such a state plans them.
 */
@Internal
public final class CassandraEnumeratorState {
    private final boolean planned;
    private final List<CassandraSplit> unassigned;

    public CassandraEnumeratorState(boolean planned, Collection<CassandraSplit> unassigned) {
        this.planned = planned;
        this.unassigned = Collections.unmodifiableList(new ArrayList<>(unassigned));
    }

    public static CassandraEnumeratorState initial() {
        return new CassandraEnumeratorState(false, Collections.emptyList());
    }

    public boolean planned() {
        return planned;
    }

    public List<CassandraSplit> unassigned() {
        return unassigned;
    }

    @Override
    public String toString() {
        return "CassandraEnumeratorState{planned=" + planned + ", unassigned=" + unassigned.size() + '}';
    }
}
