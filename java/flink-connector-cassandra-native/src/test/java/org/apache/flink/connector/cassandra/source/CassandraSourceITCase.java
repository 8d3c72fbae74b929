package org.apache.flink.connector.cassandra.source;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.batch.connectors.cassandra.CassandraInputFormat;
import org.apache.flink.batch.connectors.cassandra.CassandraPojoInputFormat;
import org.apache.flink.batch.connectors.cassandra.CassandraPojoOutputFormat;
import org.apache.flink.batch.connectors.cassandra.CassandraRowInputFormat;
import org.apache.flink.batch.connectors.cassandra.CassandraRowOutputFormat;
import org.apache.flink.connector.cassandra.source.CassandraSource;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.batch.connectors.cassandra.CassandraTupleOutputFormat;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.NoOpCassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RowBatcher;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.source.CassandraQuery;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;
import org.apache.flink.streaming.connectors.cassandra.internal.source.SourceSettings;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Table;
import org.apache.flink.connector.cassandra.source.reader.CassandraSourceReader;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded source and the input/output formats against the real server. */
@ExtendWith(CassandraExtension.class)
class CassandraSourceITCase {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraSourceITCase.class);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    static final int ROWS = 200_000;
    static final TypeInformation<Tuple2<Long, String>> ID_AND_VALUE = Types.TUPLE(Types.LONG, Types.STRING);
    /** Ids whose tokens lie within 2^44 of the ring's ends (found by hashing, checked against the server). */
    static final int EXTREME_KEYS_PER_END = 3;
    static String table;
    static long[] ids;

    @BeforeAll
    static void loadTable() throws Exception {
        table = CassandraTestSupport.createTable("source_big", "id bigint PRIMARY KEY, v text");
        List<Long> extremes = extremeTokenIds();
        ids = new long[ROWS];
        int n = 0;
        for (Long id : extremes) {
            ids[n++] = id;
        }
        for (long id = 0; n < ROWS; id++) {
            ids[n++] = id;
        }
        long started = System.nanoTime();
        try (RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (id, v) VALUES (?, ?)", null, new SinkOptions(),
                new NoOpCassandraFailureHandler())) {
            for (long id : ids) {
                writer.add(new Object[] {id, value(id)});
            }
            writer.flush();
        }
        LOG.info("Loaded {} rows into {} in {} ms", ROWS, table, (System.nanoTime() - started) / 1_000_000);
        // The hash above is Cassandra's: the server agrees on the extreme keys' tokens.
        for (Long id : extremes) {
            Object token = CassandraTestSupport.rows("SELECT token(id) FROM " + table + " WHERE id = " + id).get(0)[0];
            assertThat(token).isEqualTo(murmur3Token(id));
        }
    }

    static String value(long id) {
        return "value-" + id + "-0123456789abcdefghijklmnopqrstuvwxyz";
    }

    // ---------------------------------------------------------------------------------------------

    @SuppressWarnings("try") // CloseableIterator.close() declares Exception
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void readsEveryRowExactlyOnceAcrossTheWholeRing(int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        CassandraSource<Tuple2<Long, String>> source = CassandraSource.forTuples(
                CassandraTestSupport.clusterBuilder(), "SELECT id, v FROM " + table, ID_AND_VALUE)
                .setFetchSize(2000);
        List<Long> read = new ArrayList<>(ROWS);
        long started = System.nanoTime();
        try (CloseableIterator<Tuple2<Long, String>> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "cassandra").executeAndCollect()) {
            while (rows.hasNext()) {
                Tuple2<Long, String> row = rows.next();
                assertThat(row.f1).isEqualTo(value(row.f0));
                read.add(row.f0);
            }
        }
        LOG.info("Read {} rows at parallelism {} in {} ms", read.size(), parallelism,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(read).hasSize(ROWS);
        assertThat(new HashSet<>(read)).isEqualTo(idSet());
    }

    /**
     * The job fails once mid-read, after a checkpoint, and restarts from it. What reached the sink
     * is measured in the sink's checkpointed state, which is restored to the same checkpoint as the
     * source: the final state holds each row once exactly when the source, resumed from its split
     * state (unassigned splits, and for the split being read the page's paging state and the rows of
     * it already emitted), emits no row twice and skips none. Counting in a static map instead would
     * also count the rows replayed after the restore, which any at-least-once pipeline replays.
     * That the restored attempt resumed rather than started over is shown by it emitting fewer rows.
     */
    @Test
    void aRestartMidReadResumesWithNoDuplicatesAndNoGaps() throws Exception {
        CollectingSink.reset();
        FailOnceAfterCheckpoint.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.configure(CassandraTestSupport.fixedDelayRestarts(2, 100));
        CassandraSource<Tuple2<Long, String>> source = CassandraSource.forTuples(
                CassandraTestSupport.clusterBuilder(), "SELECT id, v FROM " + table, ID_AND_VALUE)
                .setFetchSize(500)
                .setSplitCount(8);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "cassandra")
                .map(new FailOnceAfterCheckpoint(20_000))
                .transform("collect", Types.VOID, new CollectingSink());
        env.execute("restart mid-read");

        assertThat(FailOnceAfterCheckpoint.FAILED.get()).isEqualTo(1);
        long secondAttempt = FailOnceAfterCheckpoint.SEEN_AFTER_RESTART.get();
        LOG.info("Rows through the map after the restart: {} of {}", secondAttempt, ROWS);
        assertThat(secondAttempt).isLessThan(ROWS);
        assertThat(CollectingSink.TOTAL.get()).isEqualTo(ROWS);
        assertThat(CollectingSink.IDS.keySet()).isEqualTo(idSet());
    }

    /**
     * A reader's heap does not grow with the size of its split: one split of the whole table
     * (200k rows) and one of a tenth of the ring (~20k rows) are read with a small fetch size through
     * the reader itself; the used heap after a full GC is sampled while reading.
     */
    @Test
    void heapDoesNotGrowWithSplitSize() throws Exception {
        long tenth = Long.MIN_VALUE + (Long.MAX_VALUE / 5) * 1;
        long[] small = readOneSplit(Long.MIN_VALUE, tenth);
        long[] whole = readOneSplit(Long.MIN_VALUE, Long.MAX_VALUE);
        LOG.info("Split of {} rows: max used heap {} KiB over baseline; split of {} rows: {} KiB",
                small[0], small[1] / 1024, whole[0], whole[1] / 1024);
        assertThat(whole[0]).isEqualTo(ROWS);
        assertThat(small[0]).isBetween(ROWS / 20L, ROWS / 5L);
        // Holding the 180k extra rows would take well over 20 MiB (Tuple2 + Long + String each).
        assertThat(whole[1] - small[1]).isLessThan(4L << 20);
    }

    /** Returns {rows read, max used heap above the baseline}. */
    private static long[] readOneSplit(long start, long end) throws Exception {
        SourceSettings settings = new SourceSettings(CassandraTestSupport.clusterBuilder(),
                CassandraQuery.parse("SELECT id, v FROM " + table), 1, 200, SourceSettings.DEFAULT_MAX_SPLIT_BYTES);
        TestReaderContext context = new TestReaderContext();
        long[] count = new long[1];
        long baseline = usedHeapAfterGc();
        long maxUsed = 0;
        try (CassandraSourceReader<Tuple2<Long, String>> reader = new CassandraSourceReader<>(
                context, settings, RowConverter.forTuples(2))) {
            reader.start();
            reader.addSplits(List.of(new CassandraSplit(0, start, end)));
            reader.notifyNoMoreSplits();
            org.apache.flink.api.connector.source.ReaderOutput<Tuple2<Long, String>> output =
                    TestReaderContext.output(row -> count[0]++);
            long nextSample = 5_000;
            while (true) {
                org.apache.flink.core.io.InputStatus status = reader.pollNext(output);
                if (status == org.apache.flink.core.io.InputStatus.END_OF_INPUT) {
                    break;
                }
                if (status == org.apache.flink.core.io.InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get();
                }
                if (count[0] >= nextSample) {
                    maxUsed = Math.max(maxUsed, usedHeapAfterGc() - baseline);
                    nextSample += 10_000;
                }
            }
        }
        return new long[] {count[0], maxUsed};
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void batchJobCopiesOneTableToAnother() throws Exception {
        String from = CassandraTestSupport.createTable("orders", "id bigint PRIMARY KEY, item text, qty int");
        String to = CassandraTestSupport.createTable("orders_copy", "id bigint PRIMARY KEY, item text, qty int");
        int n = 10_000;
        try (RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + from + " (id, item, qty) VALUES (?, ?, ?)", null, new SinkOptions(),
                new NoOpCassandraFailureHandler())) {
            for (long id = 0; id < n; id++) {
                writer.add(new Object[] {id, "item-" + id, (int) (id % 7)});
            }
            writer.flush();
        }

        BatchCopyExample.copy(CassandraTestSupport.clusterBuilder(), from, to);

        assertThat(CassandraTestSupport.count(to)).isEqualTo(n);
        assertThat(CassandraTestSupport.rows("SELECT item, qty FROM " + to + " WHERE id = 4242").get(0))
                .containsExactly("item-4242", 4242 % 7);
    }

    @Test
    void pojosAreReadByTheirMapperAnnotations() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        CassandraSource<Item> source = CassandraSource.forPojos(CassandraTestSupport.clusterBuilder(),
                "SELECT id, v FROM " + table + " WHERE v = '" + value(77) + "' ALLOW FILTERING", Item.class);
        List<Item> items = env.fromSource(source, WatermarkStrategy.noWatermarks(), "pojos").executeAndCollect(10);
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.id).isEqualTo(77L);
            assertThat(item.text).isEqualTo(value(77));
        });
    }

    @Test
    @SuppressWarnings("deprecation") // writeUsingOutputFormat: the OutputFormat API of Flink 1.20
    void inputAndOutputFormatsReadAndWrite() throws Exception {
        String tuples = CassandraTestSupport.createTable("fmt_tuples", "id bigint PRIMARY KEY, v text");
        String rows = CassandraTestSupport.createTable("fmt_rows", "id bigint PRIMARY KEY, v text");
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + CassandraTestSupport.KEYSPACE
                + ".fmt_pojos (id bigint PRIMARY KEY, v text)");
        ClusterBuilder cluster = CassandraTestSupport.clusterBuilder();
        int n = 3_000;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSequence(1, n)
                .map(id -> Tuple2.of(id, value(id)))
                .returns(Types.TUPLE(Types.LONG, Types.STRING))
                .writeUsingOutputFormat(new CassandraTupleOutputFormat<>("INSERT INTO " + tuples + " (id, v) VALUES (?, ?)", cluster));
        env.execute("tuple output format");
        assertThat(CassandraTestSupport.count(tuples)).isEqualTo(n);

        // Tuples in (token-range splits, in parallel) -> rows out -> POJOs out. (Flink runs
        // InputFormat sources as legacy sources, which it does not accept in BATCH mode.)
        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        TypeInformation<Tuple2<Long, String>> tupleType = Types.TUPLE(Types.LONG, Types.STRING);
        env.createInput(new CassandraInputFormat<Tuple2<Long, String>>("SELECT id, v FROM " + tuples, cluster)
                        .setFetchSize(250), tupleType)
                .map(t -> Row.of(t.f0, t.f1))
                .returns(new RowTypeInfo(Types.LONG, Types.STRING))
                .writeUsingOutputFormat(new CassandraRowOutputFormat("INSERT INTO " + rows + " (id, v) VALUES (?, ?)", cluster));
        env.execute("tuple input format, row output format");
        assertThat(CassandraTestSupport.count(rows)).isEqualTo(n);

        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.createInput(new CassandraRowInputFormat("SELECT id, v FROM " + rows, cluster),
                        new RowTypeInfo(Types.LONG, Types.STRING))
                .map(r -> {
                    Item item = new Item();
                    item.id = (Long) r.getField(0);
                    item.text = (String) r.getField(1);
                    return item;
                })
                .writeUsingOutputFormat(new CassandraPojoOutputFormat<>(cluster, Item.class));
        env.execute("row input format, pojo output format");

        // A query that cannot be split (it restricts the partition key) is read as written.
        CassandraPojoInputFormat<Item> pojos = new CassandraPojoInputFormat<>(
                "SELECT id, v FROM flink_it.fmt_pojos WHERE id IN (5, 6)", cluster, Item.class);
        assertThat(pojos.createInputSplits(4)).hasSize(1);
        pojos.openInputFormat();
        List<Item> read = new ArrayList<>();
        try {
            pojos.open(pojos.createInputSplits(4)[0]);
            while (!pojos.reachedEnd()) {
                read.add(pojos.nextRecord(null));
            }
            pojos.close();
        } finally {
            pojos.closeInputFormat();
        }
        assertThat(read).extracting(i -> i.id).containsExactlyInAnyOrder(5L, 6L);
        assertThat(CassandraTestSupport.count("flink_it.fmt_pojos")).isGreaterThanOrEqualTo(n);
    }

    @Test
    void badQueriesFailWithClearErrors() {
        ClusterBuilder cluster = CassandraTestSupport.clusterBuilder();
        assertThatThrownBy(() -> CassandraSource.forTuples(cluster, "SELECT id FROM " + table + " LIMIT 5",
                        Types.TUPLE(Types.LONG)))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("LIMIT would apply per token range");
        assertThatThrownBy(() -> CassandraSource.forTuples(cluster, "SELECT id FROM " + table + " ORDER BY id",
                        Types.TUPLE(Types.LONG)))
                .hasMessageContaining("ORDER BY");

        assertJobFailsWith("SELECT id FROM " + table + " WHERE id = 5", "restricts the partition key column 'id'");
        assertJobFailsWith("SELECT id FROM flink_it.no_such_table", "flink_it.no_such_table does not exist");
        assertJobFailsWith("SELECT id, no_such_column FROM " + table, "no_such_column");
    }

    private static void assertJobFailsWith(String query, String message) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CassandraSource<Row> source = CassandraSource.forRows(CassandraTestSupport.clusterBuilder(), query,
                new RowTypeInfo(Types.LONG));
        assertThatThrownBy(() -> env.fromSource(source, WatermarkStrategy.noWatermarks(), "bad").executeAndCollect(1))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(e, message))
                        .as("a cause mentioning '%s' in %s", message, ExceptionUtils.stringifyException(e))
                        .isPresent());
    }

    // ---------------------------------------------------------------------------------------------

    /** A POJO mapped by annotations; the column {@code v} is the field {@code text}. */
    @Table(keyspace = "flink_it", name = "fmt_pojos")
    public static class Item {
        public Long id;

        @Column(name = "v")
        public String text;

        public Item() {}
    }

    /** Fails the first attempt once, after a checkpoint completed past {@code failAfter} records. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Tuple2<Long, String>, Long>
            implements CheckpointListener {
        static final AtomicLong FAILED = new AtomicLong();
        static final AtomicLong SEEN_AFTER_RESTART = new AtomicLong();
        static final AtomicLong SEEN_FIRST_ATTEMPT = new AtomicLong();
        private final long failAfter;
        private volatile boolean checkpointedPastThreshold;

        FailOnceAfterCheckpoint(long failAfter) {
            this.failAfter = failAfter;
        }

        static void reset() {
            FAILED.set(0);
            SEEN_AFTER_RESTART.set(0);
            SEEN_FIRST_ATTEMPT.set(0);
        }

        @Override
        public Long map(Tuple2<Long, String> row) throws Exception {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
                SEEN_AFTER_RESTART.incrementAndGet();
                return row.f0;
            }
            long seen = SEEN_FIRST_ATTEMPT.incrementAndGet();
            if (seen >= failAfter) {
                if (checkpointedPastThreshold && FAILED.compareAndSet(0, 1)) {
                    throw new RuntimeException("injected failure after a checkpoint, mid-read");
                }
                // Slow the read down (between records the task can take a checkpoint) until a
                // checkpoint taken mid-read completes.
                Thread.sleep(1);
            }
            return row.f0;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (SEEN_FIRST_ATTEMPT.get() >= failAfter) {
                checkpointedPastThreshold = true;
            }
        }
    }

    /**
     * Keeps every id it receives in checkpointed operator state (restored with the source on a
     * restart) and publishes them when its input ends. An operator rather than a SinkFunction,
     * which Flink 2 removed, so the test runs on both Flink lines.
     */
    static final class CollectingSink extends AbstractStreamOperator<Void> implements OneInputStreamOperator<Long, Void> {
        private static final long serialVersionUID = 1L;
        static final ConcurrentHashMap<Long, Integer> IDS = new ConcurrentHashMap<>();
        static final AtomicLong TOTAL = new AtomicLong();
        private transient ListState<long[]> state;
        private transient long[] received;
        private transient int size;

        static void reset() {
            IDS.clear();
            TOTAL.set(0);
        }

        @Override
        public void processElement(StreamRecord<Long> element) {
            add(element.getValue());
        }

        private void add(long id) {
            if (size == received.length) {
                received = Arrays.copyOf(received, size * 2);
            }
            received[size++] = id;
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            state.update(List.of(Arrays.copyOf(received, size)));
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            state = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("ids", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
            received = new long[1024];
            size = 0;
            for (long[] restored : state.get()) {
                for (long id : restored) {
                    add(id);
                }
            }
        }

        @Override
        public void finish() throws Exception {
            super.finish();
            TOTAL.addAndGet(size);
            for (int i = 0; i < size; i++) {
                IDS.merge(received[i], 1, Integer::sum);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Set<Long> idSet() {
        Set<Long> set = new HashSet<>(ROWS * 2);
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }

    /** Ids (beyond the dense range) whose tokens lie within 2^44 of MIN and of MAX. */
    private static List<Long> extremeTokenIds() {
        long margin = 1L << 44;
        List<Long> low = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        for (long id = 1_000_000_000L; low.size() < EXTREME_KEYS_PER_END || high.size() < EXTREME_KEYS_PER_END; id++) {
            long token = murmur3Token(id);
            if (token < Long.MIN_VALUE + margin && low.size() < EXTREME_KEYS_PER_END) {
                low.add(id);
            } else if (token > Long.MAX_VALUE - margin && high.size() < EXTREME_KEYS_PER_END) {
                high.add(id);
            }
        }
        List<Long> all = new ArrayList<>(low);
        all.addAll(high);
        LOG.info("Ids with tokens near MIN: {}, near MAX: {}", low, high);
        return all;
    }

    /** Cassandra's Murmur3Partitioner token of a bigint key (its hash3_x64_128 with signed tail bytes). */
    static long murmur3Token(long id) {
        ByteBuffer key = ByteBuffer.allocate(8).putLong(0, id);
        long c1 = 0x87c37b91114253d5L;
        long c2 = 0x4cf5ad432745937fL;
        long h1 = 0;
        long h2 = 0;
        long k1 = 0;
        for (int i = 7; i >= 0; i--) {
            k1 ^= ((long) key.get(i)) << (8 * i);
        }
        k1 *= c1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 ^= 8;
        h2 ^= 8;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        return h1 == Long.MIN_VALUE ? Long.MAX_VALUE : h1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
