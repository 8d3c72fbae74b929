package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeCommitter;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.util.Preconditions;

import java.util.HashMap;
import java.util.Map;

/**
 * Records in Cassandra which checkpoints each subtask of a write-ahead-log sink has written,
 * one row per subtask: {@code | sink_id | sub_id | checkpoint_id |} in the table
 * {@code checkpoints_<job id>} of the keyspace {@code flink_auxiliary} (or the one given).
 *
 * <p>The keyspace is created with {@code SimpleStrategy} and replication factor 1 unless it
 * exists; for production create it yourself with the replication you need (see the README), or
 * set it with {@link #setReplication(String)}.
 *
 * <p>Judging "checkpoint N is committed" by {@code N <= last committed} is sound here because
 * our write-ahead-log sinks never commit a checkpoint while an earlier one of the same subtask is
 * unwritten (the official connector could, and then dropped the earlier one).
 */
@PublicEvolving
public class CassandraCommitter extends CheckpointCommitter {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_KEYSPACE = "flink_auxiliary";
    public static final String DEFAULT_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
    private static final String TABLE_PREFIX = "checkpoints_";

    private final ClusterBuilder builder;
    private final String keySpace;
    private String table = TABLE_PREFIX;
    private String replication = DEFAULT_REPLICATION;

    private transient NativeSession session;

    /** Local cache: the last committed checkpoint per subtask; Cassandra is read only on a miss. */
    private final Map<Integer, Long> lastCommittedCheckpoints = new HashMap<>();

    /** Creates a committer writing to the keyspace {@value #DEFAULT_KEYSPACE}. */
    public CassandraCommitter(ClusterBuilder builder) {
        this(builder, DEFAULT_KEYSPACE);
    }

    /** Creates a committer writing to {@code keySpace}. */
    public CassandraCommitter(ClusterBuilder builder, String keySpace) {
        this.builder = Preconditions.checkNotNull(builder, "builder");
        this.keySpace = Preconditions.checkNotNull(keySpace, "keySpace");
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
        session = NativeSession.open(builder.getCluster().connectionSettings());
        // A restore into a new job may run where the table was never created.
        NativeCommitter.createResource(session, keySpace, table, replication);
    }

    @Override
    public void close() throws Exception {
        lastCommittedCheckpoints.clear();
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Override
    public void commitCheckpoint(int subtaskIdx, long checkpointId) {
        NativeCommitter.commit(session(), keySpace, table, operatorId, subtaskIdx, checkpointId);
        lastCommittedCheckpoints.put(subtaskIdx, checkpointId);
    }

    @Override
    public boolean isCheckpointCommitted(int subtaskIdx, long checkpointId) {
        Long last = lastCommittedCheckpoints.get(subtaskIdx);
        if (last == null) {
            // Only this operator instance commits for the subtasks it restored, so one read per
            // subtask suffices; "none yet" is cached as -1.
            last = NativeCommitter.lastCommitted(session(), keySpace, table, operatorId, subtaskIdx);
            lastCommittedCheckpoints.put(subtaskIdx, last);
        }
        return checkpointId <= last;
    }

    private NativeSession session() {
        if (session == null) {
            throw new IllegalStateException("CassandraCommitter is not open");
        }
        return session;
    }
}
