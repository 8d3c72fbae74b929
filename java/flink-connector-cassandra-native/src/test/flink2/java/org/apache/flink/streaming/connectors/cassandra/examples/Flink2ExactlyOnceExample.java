package org.apache.flink.streaming.connectors.cassandra.examples;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

import java.time.Duration;

/**
 * The specification's complete exactly-once job written for Flink 2 (docs/flink2.md shows this
 * body; Flink2ExactlyOnceExampleITCase runs it against the real server). What changed from the
 * 1.20 version: restart strategy and checkpoint storage are options ({@code RestartStrategies},
 * {@code Time} and {@code FsStateBackend} are gone), the checkpointing mode is
 * {@code org.apache.flink.core.execution.CheckpointingMode}, and the source is a FLIP-27 source
 * ({@code addSource(SourceFunction)} is gone). The sink code is the same.
 */
public final class Flink2ExactlyOnceExample {
    private Flink2ExactlyOnceExample() {}

    /**
     * Runs the job: {@code events} events into {@code table} (event_id text, timestamp bigint,
     * data text), checkpoints every {@code checkpointMillis} to {@code checkpointDir}.
     */
    public static void run(ClusterBuilder sinkClusterBuilder, ClusterBuilder checkpointClusterBuilder,
            String table, long events, long checkpointMillis, String checkpointDir) throws Exception {
        // Recovery behaviour and durable checkpoint storage: options in Flink 2
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(10));
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir); // e.g. hdfs://namenode:port/flink-checkpoints
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);

        // Exactly-once checkpointing
        env.enableCheckpointing(checkpointMillis, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(checkpointMillis / 2);
        env.getCheckpointConfig().setCheckpointTimeout(60000);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(1);

        // A FLIP-27 source (fromSequence here; Kafka, files, ... in a real job)
        DataStream<Tuple3<String, Long, String>> criticalEvents = env
                .fromSequence(1, events)
                .map(i -> Tuple3.of("event-" + i, i, "data-" + i))
                .returns(Types.TUPLE(Types.STRING, Types.LONG, Types.STRING))
                .name("Critical Events Source");

        // The sink is written exactly as on Flink 1.20: the builder adds a GenericWriteAheadSink
        CassandraCommitter committer = new CassandraCommitter(checkpointClusterBuilder, "flink_checkpoints");
        CassandraSink<Tuple3<String, Long, String>> exactlyOnceSink = CassandraSink
                .addSink(criticalEvents)
                .setQuery("INSERT INTO " + table + " (event_id, timestamp, data) VALUES (?, ?, ?)")
                .setClusterBuilder(sinkClusterBuilder)
                .enableWriteAheadLog(committer)
                .build();
        exactlyOnceSink
                .name("Critical Events Cassandra Sink")
                .uid("critical-events-sink") // Important for savepoint compatibility
                .setParallelism(2);
        env.execute("Critical Events Processing");
    }
}
