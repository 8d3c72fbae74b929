package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeCommitter;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.util.Preconditions;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Records in Cassandra which checkpoints each subtask of a write-ahead-log sink has written,
 * one row per subtask index: {@code | sink_id | sub_id | checkpoint_id | committed |} in the
 * table {@code checkpoints_<job id>} of the keyspace {@code flink_auxiliary} (or the one given).
 * {@code checkpoint_id} is the last checkpoint committed (the specification's layout);
 * {@code committed}, a {@code set<bigint>}, holds the exact ids committed. A table of the
 * specification's layout gets that column added when the committer opens.
 *
 * <p>"Checkpoint N of subtask index i is committed" means N is in i's set, never
 * "N &le; the last committed": after a rescale one subtask may commit checkpoint M of index i
 * while another subtask still holds an unwritten checkpoint N &lt; M of index i (the state of old
 * subtask i was split), and after a scale-down one subtask holds checkpoints of several indexes.
 * The set keeps the newest {@value #RETAINED_COMMITS} ids per index (up to twice that between
 * prunings); an older id asked about again (a restore from an old savepoint) is written again,
 * which the write-ahead sinks' deterministic write times make harmless. Rows written before the
 * set existed (no {@code committed} cell) are read the old way, by {@code checkpoint_id}.
 *
 * <p>The keyspace is created with {@code SimpleStrategy} and replication factor 1 unless it
 * exists; for production create it yourself with the replication you need (see the README), or
 * set it with {@link #setReplication(String)}. The keyspace and table are looked up in
 * {@code system_schema} first: when they exist (with the {@code committed} column) the role
 * needs only SELECT and MODIFY on the table.
 */
@PublicEvolving
public class CassandraCommitter extends CheckpointCommitter {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_KEYSPACE = "flink_auxiliary";
    public static final String DEFAULT_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
    private static final String TABLE_PREFIX = "checkpoints_";
    /** Committed ids kept per subtask index; older ones are pruned (see the class comment). */
    public static final int RETAINED_COMMITS = 100;

    private final ClusterBuilder builder;
    private final String keySpace;
    private String table = TABLE_PREFIX;
    private String replication = DEFAULT_REPLICATION;

    /** The sink's rows, with the table's statements prepared once by {@link #open()}. */
    private transient NativeCommitter committer;

    /**
     * Local cache of each subtask index's row, read once. A pending checkpoint is held by exactly
     * one subtask (Flink splits the sink's list state), and only its holder commits it, so the
     * cached answer for the checkpoints this instance holds stays exact.
     */
    private final Map<Integer, Known> known = new HashMap<>();

    /** Creates a committer writing to the keyspace {@value #DEFAULT_KEYSPACE}. */
    public CassandraCommitter(ClusterBuilder builder) {
        this(builder, DEFAULT_KEYSPACE);
    }

    /** Creates a committer writing to {@code keySpace}. */
    public CassandraCommitter(ClusterBuilder builder, String keySpace) {
        this.builder = Preconditions.checkNotNull(builder, "builder");
        this.keySpace = Preconditions.checkNotNull(keySpace, "keySpace");
        // As the official connector: an anonymous builder must not drag its enclosing instance along.
        ClosureCleaner.clean(builder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
    }

    /**
     * The replication of the keyspace if this committer creates it, as a CQL map literal, e.g.
     * {@code {'class': 'NetworkTopologyStrategy', 'dc1': 3}}.
     */
    public CassandraCommitter setReplication(String replicationMap) {
        this.replication = Preconditions.checkNotNull(replicationMap, "replicationMap");
        return this;
    }

    /** Names the table {@code checkpoints_<id>}; called by the sink. */
    @Override
    public void setJobId(String id) throws Exception {
        super.setJobId(id);
        table = TABLE_PREFIX + id;
    }

    public String getKeySpace() {
        return keySpace;
    }

    public String getTable() {
        return table;
    }

    /** Creates the keyspace and the checkpoint table unless they exist. */
    @Override
    public void createResource() throws Exception {
        try (NativeSession ddl = NativeSession.open(builder.getCluster().connectionSettings())) {
            NativeCommitter.createResource(ddl, keySpace, table, replication);
        }
    }

    @Override
    public void open() throws Exception {
        if (builder == null) {
            throw new RuntimeException("No ClusterBuilder was supplied.");
        }
        // The native committer keeps its own reference to the session.
        try (NativeSession session = NativeSession.open(builder.getCluster().connectionSettings())) {
            // Creates the table too: a restore into a new job may run where it was never created.
            committer = NativeCommitter.open(session, keySpace, table, replication, operatorId);
        }
    }

    @Override
    public void close() throws Exception {
        known.clear();
        if (committer != null) {
            committer.close();
            committer = null;
        }
    }

    @Override
    public void commitCheckpoint(int subtaskIdx, long checkpointId) {
        Known k = known(subtaskIdx);
        long last = Math.max(k.last, checkpointId);
        committer().commit(subtaskIdx, checkpointId, last);
        k.ids.add(checkpointId);
        k.last = last;
        if (k.ids.size() > 2 * RETAINED_COMMITS) {
            long[] oldest = k.ids.stream().limit(k.ids.size() - RETAINED_COMMITS).mapToLong(Long::longValue).toArray();
            committer().forget(subtaskIdx, oldest);
            for (long id : oldest) {
                k.ids.remove(id);
            }
        }
    }

    @Override
    public boolean isCheckpointCommitted(int subtaskIdx, long checkpointId) {
        Known k = known(subtaskIdx);
        return k.ids.contains(checkpointId) || checkpointId <= k.legacyLast;
    }

    private Known known(int subtaskIdx) {
        return known.computeIfAbsent(subtaskIdx, i -> new Known(committer().commits(i)));
    }

    /** What this committer knows of one subtask index's row. */
    private static final class Known {
        final TreeSet<Long> ids = new TreeSet<>();
        long last;
        /** For a row without the set (older layout): every id up to it counts as committed. */
        final long legacyLast;

        Known(NativeCommitter.Commits row) {
            last = row.last();
            long[] committed = row.committed();
            if (committed == null) {
                legacyLast = row.last();
            } else {
                legacyLast = NativeCommitter.NONE;
                for (long id : committed) {
                    ids.add(id);
                }
            }
        }
    }

    private NativeCommitter committer() {
        if (committer == null) {
            throw new IllegalStateException("CassandraCommitter is not open");
        }
        return committer;
    }
}
