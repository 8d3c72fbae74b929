package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-ahead sinks across stop-with-savepoint and restore, at the same and at another
 * parallelism: each savepoint is taken while the sink holds records of no completed checkpoint (a
 * pending checkpoint large enough for a file, not an inline handle), and the restored jobs must
 * write every one. The savepoint has to be self-contained: the stopped job writes its last
 * checkpoint and discards what it kept for it, and the restored sink (a new operator id for the
 * committer) does not know that checkpoint as written.
 *
 * <p>Deterministic: the source emits exactly the records the test grants, the test waits until
 * the sink has received them all, and the first jobs take no checkpoint before their savepoint.
 */
class WriteAheadSavepointITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    /** Records the sources may still emit (the MiniCluster runs in this JVM). */
    static final AtomicLong PERMITS = new AtomicLong();
    /** Records the sinks received. */
    static final AtomicLong RECEIVED = new AtomicLong();

    /** Records per stage: with a 200-character note, far above the 20 KB inline-handle threshold. */
    static final int PER_STAGE = 3_000;
    static final int N = 3 * PER_STAGE;
    static final String PADDING = "x".repeat(200);

    @TempDir
    Path checkpoints;
    @TempDir
    Path savepoints;

    @Test
    void tupleSinkWritesEveryRecordPendingAtSavepointsAfterRestoresAtOtherAndSameParallelism() throws Exception {
        String table = CassandraTestSupport.createTable("walsp", "id bigint PRIMARY KEY, version int, note text");
        String insert = "INSERT INTO " + table + " (id, version, note) VALUES (?, ?, ?)";
        runStages(table, TupleCountingSink.class, env -> {
            DataStream<Tuple3<Long, Integer, String>> records = source(env)
                    .map(id -> Tuple3.of(id, 1, note(id)))
                    .returns(Types.TUPLE(Types.LONG, Types.INT, Types.STRING))
                    .uid("to-tuple");
            TypeSerializer<Tuple3<Long, Integer, String>> serializer =
                    records.getType().createSerializer(env.getConfig().getSerializerConfig());
            sink(records, new TupleCountingSink(insert, serializer));
        });
    }

    @Test
    void rowSinkWritesEveryRecordPendingAtSavepointsAfterRestoresAtOtherAndSameParallelism() throws Exception {
        String table = CassandraTestSupport.createTable("walsprow", "id bigint PRIMARY KEY, version int, note text");
        String insert = "INSERT INTO " + table + " (id, version, note) VALUES (?, ?, ?)";
        runStages(table, RowCountingSink.class, env -> {
            TypeInformation<Row> type = Types.ROW(Types.LONG, Types.INT, Types.STRING);
            DataStream<Row> records = source(env)
                    .map(id -> Row.of(id, 1, note(id)))
                    .returns(type)
                    .uid("to-row");
            TypeSerializer<Row> serializer = type.createSerializer(env.getConfig().getSerializerConfig());
            sink(records, new RowCountingSink(insert, serializer));
        });
    }

    /**
     * Job 1 (parallelism 2) receives stage 1 and stops with a savepoint; job 2 restores it at
     * parallelism 3, receives stage 2 and stops with a savepoint; job 3 restores that at
     * parallelism 3 and runs to the end of the input.
     */
    private void runStages(String table, Class<?> sink, Pipeline pipeline)
            throws Exception {
        RECEIVED.set(0);
        PERMITS.set(PER_STAGE);
        JobClient first = submit(pipeline, 2, null, true);
        awaitReceived(PER_STAGE, first);
        String savepoint1 = stop(first);
        System.out.printf("%s: savepoint 1 at %s; the stopped job's task-owned files left: %s%n",
                sink.getSimpleName(), savepoint1, taskOwnedFiles(first));

        PERMITS.set(PER_STAGE);
        JobClient second = submit(pipeline, 3, savepoint1, true);
        awaitReceived(2L * PER_STAGE, second);
        String savepoint2 = stop(second);

        PERMITS.set(Long.MAX_VALUE / 2);
        JobClient third = submit(pipeline, 3, savepoint2, false);
        // a generous bound that makes a hang fail, not a speed claim
        third.getJobExecutionResult().get(5, TimeUnit.MINUTES);

        assertThat(RECEIVED.get()).as("records received by the sinks").isEqualTo(N);
        assertThat(CassandraTestSupport.count(table)).as("rows in %s", table).isEqualTo(N);
        List<Object[]> rows = CassandraTestSupport.rows("SELECT id, version, note FROM " + table);
        assertThat(rows).hasSize(N).allSatisfy(row -> {
            assertThat(row[1]).as("version of id %s", row[0]).isEqualTo(1);
            assertThat(row[2]).as("note of id %s", row[0]).isEqualTo(note((Long) row[0]));
        });
    }

    private static String note(long id) {
        return "id-" + id + "-" + PADDING;
    }

    private static DataStream<Long> source(StreamExecutionEnvironment env) {
        return env.fromSource(new PermittedSequence(0, N - 1), WatermarkStrategy.noWatermarks(), "permitted sequence")
                .uid("sequence");
    }

    private static <T> void sink(DataStream<T> records, OneInputStreamOperator<T, T> sink) {
        records.transform("exactly-once sink", null, sink).uid("wal-sink");
    }

    /** Adds the source, a map and the sink to a job. */
    interface Pipeline {
        void addTo(StreamExecutionEnvironment env) throws Exception;
    }

    /**
     * Submits the pipeline. Jobs that end with a savepoint take no checkpoint before it (interval
     * and minimum pause of an hour), so it finds every received record pending.
     */
    private JobClient submit(Pipeline pipeline, int parallelism, String restore,
            boolean stoppedBySavepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        Configuration conf = CassandraTestSupport.noRestarts();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        env.configure(conf);
        if (stoppedBySavepoint) {
            env.enableCheckpointing(Duration.ofHours(1).toMillis());
            Configuration pause = new Configuration();
            pause.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofHours(1));
            env.configure(pause);
        } else {
            env.enableCheckpointing(200);
        }
        pipeline.addTo(env);
        StreamGraph graph = env.getStreamGraph();
        if (restore != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restore, false));
        }
        return env.executeAsync(graph);
    }

    private static void awaitReceived(long records, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (RECEIVED.get() < records) {
            assertThat(job.getJobStatus().get(60, TimeUnit.SECONDS).isGloballyTerminalState())
                    .as("job %s ended before its sinks received %d records", job.getJobID(), records).isFalse();
            assertThat(System.nanoTime()).as("%d records received within 3 min", records).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(RECEIVED.get()).isEqualTo(records);
    }

    private String stop(JobClient job) throws Exception {
        return job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(5, TimeUnit.MINUTES);
    }

    private long taskOwnedFiles(JobClient job) throws Exception {
        Path dir = checkpoints.resolve(job.getJobID().toString()).resolve("taskowned");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    /** The Tuple sink, counting what it receives. */
    static final class TupleCountingSink extends CassandraTupleWriteAheadSink<Tuple3<Long, Integer, String>> {
        private static final long serialVersionUID = 1L;

        TupleCountingSink(String insert, TypeSerializer<Tuple3<Long, Integer, String>> serializer) throws Exception {
            super(insert, serializer, CassandraTestSupport.clusterBuilder(),
                    new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
        }

        @Override
        public void processElement(StreamRecord<Tuple3<Long, Integer, String>> element) throws Exception {
            super.processElement(element);
            RECEIVED.incrementAndGet();
        }
    }

    /** The Row sink, counting what it receives. */
    static final class RowCountingSink extends CassandraRowWriteAheadSink {
        private static final long serialVersionUID = 1L;

        RowCountingSink(String insert, TypeSerializer<Row> serializer) throws Exception {
            super(insert, serializer, CassandraTestSupport.clusterBuilder(),
                    new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
        }

        @Override
        public void processElement(StreamRecord<Row> element) throws Exception {
            super.processElement(element);
            RECEIVED.incrementAndGet();
        }
    }

    /** {@code fromSequence}, emitting only as many numbers as {@link #PERMITS} grants. */
    static final class PermittedSequence extends NumberSequenceSource {
        private static final long serialVersionUID = 1L;

        PermittedSequence(long from, long to) {
            super(from, to);
        }

        @Override
        public SourceReader<Long, NumberSequenceSplit> createReader(SourceReaderContext context) {
            return new PermittedReader<>(super.createReader(context));
        }
    }

    /**
     * Polls the wrapped reader (at most one record per poll for the sequence reader) only with a
     * permit taken, and gives the permit back when the poll emitted nothing; without a permit it
     * waits a few milliseconds without blocking the task thread, so savepoints pass.
     */
    static final class PermittedReader<T, S extends SourceSplit> extends ForwardingSourceReader<T, S> {
        PermittedReader(SourceReader<T, S> reader) {
            super(reader);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (PERMITS.getAndDecrement() <= 0) {
                PERMITS.incrementAndGet();
                return InputStatus.NOTHING_AVAILABLE;
            }
            CountingOutput<T> counting = new CountingOutput<>(output);
            InputStatus status = reader.pollNext(counting);
            if (counting.emitted == 0) {
                PERMITS.incrementAndGet();
            }
            return status;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (PERMITS.get() > 0) {
                return reader.isAvailable();
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
        }
    }

    /** Counts the records a poll emitted. */
    static final class CountingOutput<T> implements ReaderOutput<T> {
        private final ReaderOutput<T> output;
        int emitted;

        CountingOutput(ReaderOutput<T> output) {
            this.output = output;
        }

        @Override
        public void collect(T record) {
            emitted++;
            output.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            emitted++;
            output.collect(record, timestamp);
        }

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {
            output.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            output.markIdle();
        }

        @Override
        public void markActive() {
            output.markActive();
        }

        @Override
        public SourceOutput<T> createOutputForSplit(String splitId) {
            return output.createOutputForSplit(splitId);
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            output.releaseOutputForSplit(splitId);
        }
    }
}
