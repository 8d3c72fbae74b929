package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.util.Preconditions;

/**
 * Wraps the user's committer to learn which original subtask a pending checkpoint belongs to:
 * {@code GenericWriteAheadSink.sendValues} gets only the checkpoint id, but its
 * {@code notifyCheckpointComplete} asks {@code isCheckpointCommitted(subtask, checkpoint)} for the
 * same pending checkpoint right before, in the same thread, and calls {@code sendValues} only when
 * the answer was false. After a scale-down one subtask holds checkpoints of several original
 * subtasks, so the id alone does not identify one.
 */
@Internal
public final class SubtaskTrackingCommitter extends CheckpointCommitter {
    private static final long serialVersionUID = 1L;

    private final CheckpointCommitter delegate;
    private transient long askedCheckpoint = -1;
    private transient int askedSubtask = -1;

    public SubtaskTrackingCommitter(CheckpointCommitter delegate) {
        this.delegate = Preconditions.checkNotNull(delegate, "committer");
    }

    public CheckpointCommitter delegate() {
        return delegate;
    }

    @Override
    public void setJobId(String id) throws Exception {
        super.setJobId(id);
        delegate.setJobId(id);
    }

    @Override
    public void setOperatorId(String id) throws Exception {
        super.setOperatorId(id);
        delegate.setOperatorId(id);
    }

    @Override
    public void open() throws Exception {
        askedCheckpoint = -1;
        delegate.open();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    @Override
    public void createResource() throws Exception {
        delegate.createResource();
    }

    @Override
    public void commitCheckpoint(int subtaskIdx, long checkpointId) throws Exception {
        delegate.commitCheckpoint(subtaskIdx, checkpointId);
    }

    @Override
    public boolean isCheckpointCommitted(int subtaskIdx, long checkpointId) throws Exception {
        boolean committed = delegate.isCheckpointCommitted(subtaskIdx, checkpointId);
        askedCheckpoint = committed ? -1 : checkpointId;
        askedSubtask = subtaskIdx;
        return committed;
    }

    /**
     * The original subtask of the pending checkpoint {@code checkpointId} that is about to be
     * sent.
     *
     * @throws IllegalStateException when the last question was not about that checkpoint (a
     *     Flink whose write-ahead sink no longer asks before sending): nothing is written then
     */
    public int subtaskOf(long checkpointId) {
        if (askedCheckpoint != checkpointId) {
            throw new IllegalStateException("Cannot tell which subtask's pending checkpoint " + checkpointId
                    + " is being written: the write-ahead sink did not ask the committer about it first");
        }
        askedCheckpoint = -1;
        return askedSubtask;
    }
}
