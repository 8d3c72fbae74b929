package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.util.Locale;

/**
 * The write-ahead sinks keep a checkpoint's records in Flink state; with the JobManager's
 * in-memory checkpoint storage a state handle holds at most 5 MiB, so a busy checkpoint is
 * declined. Decides what to do when the sink opens: warn, or fail when the job would also restart
 * forever.
 */
@Internal
public final class CheckpointStorageCheck {
    /** What the sink does. */
    public enum Verdict {
        OK,
        WARN,
        FAIL
    }

    static final String ADVICE = "the Cassandra write-ahead-log sink keeps each checkpoint's records in Flink state, "
            + "but checkpoints go to the JobManager's memory (JobManagerCheckpointStorage, at most 5 MiB per state handle), "
            + "so a busy checkpoint is declined; configure a durable checkpoint storage: set 'execution.checkpointing.dir' "
            + "('state.checkpoints.dir' in older configurations), e.g. file:///... or s3://...";

    private CheckpointStorageCheck() {}

    public static Verdict verdict(boolean inMemoryStorage, String unboundedRestarts) {
        if (!inMemoryStorage) {
            return Verdict.OK;
        }
        return unboundedRestarts == null ? Verdict.WARN : Verdict.FAIL;
    }

    /** The message for a verdict other than OK. */
    public static String message(Verdict verdict, String unboundedRestarts) {
        if (verdict == Verdict.FAIL) {
            return "Refusing to start: " + ADVICE + ". The job's restart strategy (" + unboundedRestarts
                    + ") would restart it forever; fix the storage, or bound the restarts (restart-strategy.type)";
        }
        return "Warning: " + ADVICE;
    }

    /**
     * How a job with configuration {@code config} (the job's options over the cluster's) restarts
     * without end, or null when its restarts are bounded. The job's own strategy, where a Flink
     * line keeps it elsewhere, is read by {@link JobSettings} first.
     */
    public static String unboundedRestarts(Configuration config) {
        String type = config.get(RestartStrategyOptions.RESTART_STRATEGY);
        if (type == null) {
            return "Flink's default with checkpointing: exponential-delay, unlimited attempts";
        }
        switch (type.toLowerCase(Locale.ROOT).replace("-", "")) {
            case "none":
            case "off":
            case "disable":
            case "failurerate":
                return null;
            case "fixeddelay":
                return config.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS) == Integer.MAX_VALUE
                        ? "fixed-delay with unlimited attempts" : null;
            case "exponentialdelay":
                return config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS) == Integer.MAX_VALUE
                        ? "exponential-delay with unlimited attempts" : null;
            default:
                return null;
        }
    }
}
