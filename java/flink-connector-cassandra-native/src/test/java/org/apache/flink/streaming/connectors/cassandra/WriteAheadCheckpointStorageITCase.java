package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write-ahead sinks keep records in Flink state: with the JobManager's in-memory checkpoint
 * storage (a cluster's default without a checkpoint directory; the test MiniCluster has one, so
 * the tests set it) they warn, and refuse to start when the job would also restart forever.
 */
class WriteAheadCheckpointStorageITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static void run(String table, Consumer<StreamExecutionEnvironment> configure) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(100);
        configure.accept(env);
        DataStream<Tuple3<Integer, String, Integer>> stream = env
                .fromData(Tuple3.of(1, "a", 1), Tuple3.of(2, "b", 2), Tuple3.of(3, "c", 3))
                .returns(TypeInformation.of(new TypeHint<Tuple3<Integer, String, Integer>>() {}));
        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)")
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .enableWriteAheadLog()
                .build();
        env.execute("write-ahead sink and checkpoint storage");
    }

    // Options rather than CheckpointConfig.setCheckpointStorage, which Flink 2 removed.
    private static void inMemory(StreamExecutionEnvironment env) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "jobmanager");
        env.configure(conf);
    }

    private static void durable(StreamExecutionEnvironment env, Path dir) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        env.configure(conf);
    }

    private static String newTable() {
        return CassandraTestSupport.createTable("walstore", "id int PRIMARY KEY, value text, seq int");
    }

    @Test
    void inMemoryCheckpointsWithFlinksDefaultUnboundedRestartsFailTheJobNamingTheSetting() {
        String table = newTable();
        assertThatThrownBy(() -> run(table, WriteAheadCheckpointStorageITCase::inMemory))
                .hasStackTraceContaining("execution.checkpointing.dir")
                .hasStackTraceContaining("would restart it forever");
    }

    @Test
    void inMemoryCheckpointsWithExplicitlyUnlimitedRestartsFailTheJob() {
        String table = newTable();
        assertThatThrownBy(() -> run(table, env -> {
            inMemory(env);
            env.configure(CassandraTestSupport.fixedDelayRestarts(Integer.MAX_VALUE, 10));
        }))
                .hasStackTraceContaining("fixed-delay with unlimited attempts");
    }

    @Test
    void inMemoryCheckpointsWithBoundedRestartsOnlyWarn() throws Exception {
        String table = newTable();
        run(table, env -> {
            inMemory(env);
            env.configure(CassandraTestSupport.fixedDelayRestarts(2, 10));
        });
        assertThat(CassandraTestSupport.count(table)).isEqualTo(3);
    }

    @Test
    void durableCheckpointStorageIsFine(@TempDir Path dir) throws Exception {
        String table = newTable();
        run(table, env -> durable(env, dir));
        assertThat(CassandraTestSupport.count(table)).isEqualTo(3);
    }
}
