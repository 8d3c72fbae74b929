package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exactly-once job over N unique ids, each written twice (version 0, then 1), with failures
 * injected across several restarts: in the source, in the sink between a checkpoint and its
 * notification, and in the sink after its values were written but before they were committed.
 * Cassandra must end with exactly N rows, each holding its key's last record.
 *
 * <p>Every failure point needs input still flowing when its attempt runs. The source is gated by
 * checkpoints (at most {@link #PER_CHECKPOINT} numbers per reader between two completed
 * checkpoints), so how far it gets depends on how many checkpoints completed, which the failure
 * points count, and not on how fast the machine is: with an ungated source a busy (or faster)
 * machine could finish the input before attempt 3, and "source-again" never fired.
 */
class ExactlyOnceFailureInjectionITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    /** Which failures fired, by name (the MiniCluster runs in this JVM). */
    static final ConcurrentHashMap<String, AtomicInteger> FIRED = new ConcurrentHashMap<>();

    /**
     * Numbers one source reader emits per completed checkpoint. Before attempt 3 a reader has used
     * less than 2,500 (attempt 0) plus a few gates in each of attempts 1 and 2 (they end at the 3rd
     * notification or the 3rd written send at the latest, each needing a completed checkpoint):
     * far from its 15,000, so attempt 3 still reads the up to 2,500 numbers its failure point
     * needs, however slow the checkpoints.
     */
    static final int PER_CHECKPOINT = 400;

    @Test
    void exactlyNRowsWithTheLastValuesThroughFailuresAtEveryStage() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int n = 30_000;
        // attempt 0: the source fails; 1: the sink fails before handling a notification;
        // 2: the sink fails after writing a checkpoint, before committing it; 3: the source again.
        long sourceFailAt = 1_000 + random.nextInt(4_000);
        int notificationToFailAt = 1 + random.nextInt(3);
        int sendToFailAfter = 1 + random.nextInt(3);
        long secondSourceFailAt = 1_000 + random.nextInt(4_000);
        System.out.printf("seed %d: source fails at %d, notification %d, send %d, source again at %d%n",
                seed, sourceFailAt, notificationToFailAt, sendToFailAfter, secondSourceFailAt);
        FIRED.clear();

        String table = CassandraTestSupport.createTable("eo", "id bigint PRIMARY KEY, version int, note text");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.configure(CassandraTestSupport.fixedDelayRestarts(6, 100));

        DataStream<Tuple3<Long, Integer, String>> records = env
                .fromSource(new GatedSequence(0, n - 1, PER_CHECKPOINT), WatermarkStrategy.noWatermarks(), "gated sequence")
                .flatMap(new TwoVersionsFailingSource(sourceFailAt, secondSourceFailAt))
                .returns(Types.TUPLE(Types.LONG, Types.INT, Types.STRING))
                .keyBy(r -> r.f0);
        TypeSerializer<Tuple3<Long, Integer, String>> serializer =
                records.getType().createSerializer(env.getConfig().getSerializerConfig());
        records.transform("faulty exactly-once sink", null,
                        new FaultySink(table, serializer, notificationToFailAt, sendToFailAfter))
                .uid("faulty-wal");
        env.execute("exactly-once with injected failures");

        assertThat(FIRED.keySet()).containsExactlyInAnyOrder("source", "notification", "after-send", "source-again");
        assertThat(CassandraTestSupport.count(table)).isEqualTo(n);
        List<Object[]> rows = CassandraTestSupport.rows("SELECT id, version, note FROM " + table);
        assertThat(rows).hasSize(n).allSatisfy(row -> {
            assertThat(row[1]).as("last record of id %s", row[0]).isEqualTo(1);
            assertThat(row[2]).isEqualTo("id-" + row[0] + "-v1");
        });
    }

    private static boolean fireOnce(String name) {
        return FIRED.computeIfAbsent(name, k -> new AtomicInteger()).getAndIncrement() == 0;
    }

    /** Emits version 0 then 1 of each id; fails once in attempt 0 and once in attempt 3. */
    static final class TwoVersionsFailingSource extends RichFlatMapFunction<Long, Tuple3<Long, Integer, String>> {
        private final long failAt;
        private final long failAgainAt;
        private long seen;

        TwoVersionsFailingSource(long failAt, long failAgainAt) {
            this.failAt = failAt;
            this.failAgainAt = failAgainAt;
        }

        @Override
        public void flatMap(Long id, Collector<Tuple3<Long, Integer, String>> out) throws Exception {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            seen++;
            boolean first = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
            if (first && attempt == 0 && seen == failAt / 2 && fireOnce("source")) {
                throw new IllegalStateException("injected source failure");
            }
            if (first && attempt == 3 && seen == failAgainAt / 2 && fireOnce("source-again")) {
                throw new IllegalStateException("injected source failure, again");
            }
            out.collect(Tuple3.of(id, 0, "id-" + id + "-v0"));
            out.collect(Tuple3.of(id, 1, "id-" + id + "-v1"));
        }
    }

    /** The exactly-once sink with failure points around its notification and its writes. */
    static final class FaultySink extends CassandraTupleWriteAheadSink<Tuple3<Long, Integer, String>> {
        private static final long serialVersionUID = 1L;
        private final int notificationToFailAt;
        private final int sendToFailAfter;
        private transient int notifications;
        private transient int sends;
        private transient boolean failAfterNotification;

        FaultySink(String table, TypeSerializer<Tuple3<Long, Integer, String>> serializer, int notificationToFailAt,
                int sendToFailAfter) throws Exception {
            super("INSERT INTO " + table + " (id, version, note) VALUES (?, ?, ?)", serializer,
                    CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
            this.notificationToFailAt = notificationToFailAt;
            this.sendToFailAfter = sendToFailAfter;
        }

        private int attempt() {
            return getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        private boolean second() {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 1;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            if (second() && attempt() == 1 && ++notifications == notificationToFailAt && fireOnce("notification")) {
                throw new IllegalStateException("injected failure between checkpoint " + checkpointId + " and its notification");
            }
            super.notifyCheckpointComplete(checkpointId);
            if (failAfterNotification) {
                throw new IllegalStateException("injected failure after writing, before committing");
            }
        }

        @Override
        protected boolean sendValues(Iterable<Tuple3<Long, Integer, String>> values, long checkpointId, long timestamp)
                throws Exception {
            boolean written = super.sendValues(values, checkpointId, timestamp);
            if (written && second() && attempt() == 2 && ++sends == sendToFailAfter && fireOnce("after-send")) {
                failAfterNotification = true;
                throw new IllegalStateException("checkpoint " + checkpointId + " written, commit not reached");
            }
            return written;
        }
    }

    /** {@code fromSequence}, with each reader gated by completed checkpoints. */
    static final class GatedSequence extends NumberSequenceSource {
        private static final long serialVersionUID = 1L;
        private final int perCheckpoint;

        GatedSequence(long from, long to, int perCheckpoint) {
            super(from, to);
            this.perCheckpoint = perCheckpoint;
        }

        @Override
        public SourceReader<Long, NumberSequenceSplit> createReader(SourceReaderContext context) {
            return new GatedReader<>(super.createReader(context), perCheckpoint);
        }
    }

    /**
     * Passes at most {@code perCheckpoint} polls of the wrapped reader (one number each for the
     * sequence reader) between two completed checkpoints; waits without blocking the task thread,
     * so checkpoints go on while it waits.
     */
    static final class GatedReader<T, S extends SourceSplit> extends ForwardingSourceReader<T, S> {
        private final int perCheckpoint;
        private int left;
        private CompletableFuture<Void> gate = new CompletableFuture<>();

        GatedReader(SourceReader<T, S> reader, int perCheckpoint) {
            super(reader);
            this.perCheckpoint = perCheckpoint;
            this.left = perCheckpoint;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (left == 0) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            left--;
            return reader.pollNext(output);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return left == 0 ? gate : reader.isAvailable();
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            reader.notifyCheckpointComplete(checkpointId);
            left = perCheckpoint;
            CompletableFuture<Void> opened = gate;
            gate = new CompletableFuture<>();
            opened.complete(null);
        }
    }
}
