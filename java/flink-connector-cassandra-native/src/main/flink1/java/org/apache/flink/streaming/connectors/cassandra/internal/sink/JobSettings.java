package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * Flink 1.20 adapter: what a task learns about its job's checkpointing and restarts. Flink 1.20
 * keeps the job's restart strategy as a {@link RestartStrategies} object in the execution config
 * (set by {@code env.setRestartStrategy} or from the job's configuration); Flink 2 removed both
 * it and {@code StreamingRuntimeContext#isCheckpointingEnabled}.
 */
@Internal
public final class JobSettings {
    private JobSettings() {}

    /** Whether the job checkpoints. */
    public static boolean checkpointingEnabled(AbstractStreamOperator<?> task) {
        return task.getRuntimeContext().isCheckpointingEnabled();
    }

    /**
     * How the job restarts without end, or null when its restarts are bounded; {@code cluster} is
     * the cluster configuration, used when the job sets no strategy of its own.
     */
    // RestartStrategies: how jobs set their strategy in Flink 1.20 (deprecated, still honoured).
    @SuppressWarnings("deprecation")
    public static String unboundedRestarts(AbstractStreamOperator<?> task, Configuration cluster) {
        // Options the job set (env.configure, getExecutionEnvironment(conf)) stay in its
        // configuration and do not show in getRestartStrategy(): read them over the cluster's.
        Configuration effective = new Configuration(cluster);
        effective.addAll(task.getExecutionConfig().toConfiguration());
        return unboundedRestarts(task.getExecutionConfig().getRestartStrategy(), effective);
    }

    /** Like {@link #unboundedRestarts(AbstractStreamOperator, Configuration)}, from the job's strategy (may be null). */
    @SuppressWarnings("deprecation")
    static String unboundedRestarts(RestartStrategies.RestartStrategyConfiguration job, Configuration cluster) {
        if (job instanceof RestartStrategies.NoRestartStrategyConfiguration
                || job instanceof RestartStrategies.FailureRateRestartStrategyConfiguration) {
            return null;
        }
        if (job instanceof RestartStrategies.FixedDelayRestartStrategyConfiguration) {
            int attempts = ((RestartStrategies.FixedDelayRestartStrategyConfiguration) job).getRestartAttempts();
            return attempts == Integer.MAX_VALUE ? "fixed-delay with unlimited attempts" : null;
        }
        if (job instanceof RestartStrategies.ExponentialDelayRestartStrategyConfiguration) {
            return "exponential-delay";
        }
        return CheckpointStorageCheck.unboundedRestarts(cluster);
    }
}
