package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * Flink 2 adapter: what a task learns about its job's checkpointing and restarts. Both are
 * options of the job's configuration ({@code execution.checkpointing.interval},
 * {@code restart-strategy.*}), which win over the cluster's; Flink 1.20 had
 * {@code isCheckpointingEnabled} on the runtime context and a {@code RestartStrategies} object.
 */
@Internal
public final class JobSettings {
    private JobSettings() {}

    /** Whether the job checkpoints (as Flink 2's own stream tasks decide it). */
    public static boolean checkpointingEnabled(AbstractStreamOperator<?> task) {
        return CheckpointingOptions.isCheckpointingEnabled(task.getRuntimeContext().getJobConfiguration());
    }

    /**
     * How the job restarts without end, or null when its restarts are bounded; {@code cluster} is
     * the cluster configuration, under the job's own options.
     */
    public static String unboundedRestarts(AbstractStreamOperator<?> task, Configuration cluster) {
        Configuration effective = new Configuration(cluster);
        effective.addAll(task.getExecutionConfig().toConfiguration());
        effective.addAll(task.getRuntimeContext().getJobConfiguration());
        return CheckpointStorageCheck.unboundedRestarts(effective);
    }
}
