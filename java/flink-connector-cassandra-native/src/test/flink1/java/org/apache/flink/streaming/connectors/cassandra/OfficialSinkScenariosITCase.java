package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.api.scala.typeutils.CaseClassTypeInfo;
import org.apache.flink.api.scala.typeutils.ScalaCaseClassSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkContextUtil;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import scala.collection.JavaConverters;
import scala.collection.Seq;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-facing sink scenarios of the official connector's {@code CassandraConnectorITCase},
 * written as a job using the official connector writes them: the official class names, {@code
 * com.datastax.driver.core} imports and anonymous {@link ClusterBuilder}s. Rows are checked by
 * reading them back from the real server.
 */
// deprecation: RichSinkFunction sinks, SinkContextUtil and the legacy table sink are the official API.
// try: the harness's close() may be interrupted.
@SuppressWarnings({"deprecation", "serial", "try"})
class OfficialSinkScenariosITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final String KEYSPACE = CassandraTestSupport.KEYSPACE;
    private static final String COLUMNS = "id text PRIMARY KEY, counter int, batch_id int";

    private String table;
    private String insert;

    @BeforeEach
    void createTable() {
        table = CassandraTestSupport.createTable("official_", COLUMNS);
        insert = "INSERT INTO " + table + " (id, counter, batch_id) VALUES (?, ?, ?)";
    }

    /** As a job writes it: an anonymous builder (cleaned by the sinks, see ClusterBuilderClosureCleaningITCase). */
    private static ClusterBuilder builder() {
        String host = CassandraTestSupport.server().host();
        int port = CassandraTestSupport.server().nativePort();
        return new ClusterBuilder() {
            @Override
            protected Cluster buildCluster(Cluster.Builder builder) {
                return builder.addContactPoint(host).withPort(port).build();
            }
        };
    }

    private static List<Tuple3<String, Integer, Integer>> tuples(int n) {
        List<Tuple3<String, Integer, Integer>> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(new Tuple3<>(UUID.randomUUID().toString(), i, 0));
        }
        return values;
    }

    private List<Object[]> contents() {
        return CassandraTestSupport.rows("SELECT id, counter, batch_id FROM " + table);
    }

    // ------------------------------------------------------------------ at-least-once sinks

    @Test
    void tupleSinkWritesEveryRecordByClose() throws Exception {
        CassandraTupleSink<Tuple3<String, Integer, Integer>> sink = new CassandraTupleSink<>(insert, builder());
        try {
            sink.open(new Configuration());
            for (Tuple3<String, Integer, Integer> value : tuples(20)) {
                sink.send(value);
            }
        } finally {
            sink.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(20);
    }

    @Test
    void sendReturnsAFutureThatCompletesWhenTheCheckpointFlushes() throws Exception {
        CassandraTupleSink<Tuple3<String, Integer, Integer>> sink = new CassandraTupleSink<>(insert, builder());
        sink.open(new Configuration());
        try {
            var future = sink.send(Tuple3.of("a", 1, 0));
            assertThat(future).isNotDone();
            sink.snapshotState(null);
            assertThat(future).isCompleted();
            assertThat(CassandraTestSupport.count(table)).isEqualTo(1);
        } finally {
            sink.close();
        }
    }

    @Test
    void rowSinkWritesEveryRecord() throws Exception {
        CassandraRowSink sink = new CassandraRowSink(3, insert, builder());
        try {
            sink.open(new Configuration());
            for (Tuple3<String, Integer, Integer> t : tuples(20)) {
                sink.send(Row.of(t.f0, t.f1, t.f2));
            }
        } finally {
            sink.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(20);
    }

    @Test
    void tupleSinkInAJobWritesEveryRecordAtEachCheckpoint() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromData(tuples(500)).addSink(new CassandraTupleSink<>(insert, builder())).name("official tuple sink");
        env.execute("official tuple sink");
        assertThat(CassandraTestSupport.count(table)).isEqualTo(500);
    }

    @Test
    void maxConcurrentRequestsAndIgnoreNullFieldsApplyToTheSink() throws Exception {
        CassandraSinkBaseConfig config = CassandraSinkBaseConfig.newBuilder()
                .setMaxConcurrentRequests(2)
                .setMaxConcurrentRequestsTimeout(java.time.Duration.ofSeconds(30))
                .setIgnoreNullFields(true)
                .build();
        assertThat(config.toString()).contains("maxConcurrentRequests=2", "ignoreNullFields=true");
        assertThat(config.toSinkOptions().maxConcurrentRequests()).isEqualTo(2);
        CassandraTupleSink<Tuple3<String, Integer, Integer>> sink =
                new CassandraTupleSink<>(insert, builder(), config);
        try {
            sink.open(new Configuration());
            for (Tuple3<String, Integer, Integer> value : tuples(200)) {
                sink.send(value);
            }
            sink.send(Tuple3.of("partial", 5, null));
            sink.send(Tuple3.of("partial", null, 9));
        } finally {
            sink.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(201);
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + table + " WHERE id = 'partial'").get(0))
                .containsExactly(5, 9);
    }

    @Test
    void failedWritesGoToTheFailureHandler() throws Exception {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CassandraFailureHandler handler = failure -> failures.add(failure.getMessage());
        // A negative TTL: the server rejects the write, the handler swallows the failure.
        CassandraTupleSink<Tuple3<String, Integer, Integer>> sink = new CassandraTupleSink<>(
                "INSERT INTO " + table + " (id, counter, batch_id) VALUES (?, ?, ?) USING TTL ?",
                builder(), CassandraSinkBaseConfig.newBuilder().build(), handler) {
            @Override
            protected Object[] extract(Tuple3<String, Integer, Integer> record) {
                return new Object[] {record.f0, record.f1, record.f2, -1};
            }
        };
        try {
            sink.open(new Configuration());
            sink.send(Tuple3.of("x", 1, 1));
        } finally {
            sink.close();
        }
        assertThat(failures).isNotEmpty();
        assertThat(CassandraTestSupport.count(table)).isZero();
    }

    // ------------------------------------------------------------------ POJOs

    /** The official test's POJO, with the table in the annotation. */
    @Table(keyspace = KEYSPACE, name = "official_pojo_ks")
    public static class PojoWithKeyspace implements Serializable {
        @Column(name = "id")
        private String id;

        @Column(name = "counter")
        private int counter;

        @Column(name = "batch_id")
        private int batchID;

        public PojoWithKeyspace() {}

        public PojoWithKeyspace(String id, int counter, int batchID) {
            this.id = id;
            this.counter = counter;
            this.batchID = batchID;
        }
    }

    /** The same POJO without a keyspace: the sink's keyspace applies. */
    @Table(name = "official_pojo_noks")
    public static class PojoWithoutKeyspace implements Serializable {
        @Column(name = "id")
        private String id;

        @Column(name = "counter")
        private Integer counter;

        @Column(name = "batch_id")
        private Integer batchID;

        public PojoWithoutKeyspace() {}

        public PojoWithoutKeyspace(String id, Integer counter, Integer batchID) {
            this.id = id;
            this.counter = counter;
            this.batchID = batchID;
        }

        // Getters and setters make it a Flink POJO (not a Kryo-serialized generic type) for the builder test.
        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public Integer getCounter() {
            return counter;
        }

        public void setCounter(Integer counter) {
            this.counter = counter;
        }

        public Integer getBatchID() {
            return batchID;
        }

        public void setBatchID(Integer batchID) {
            this.batchID = batchID;
        }
    }

    /**
     * The POJOs' tables are named by their annotations, so tests share them (created once: DDL is
     * slow on a busy machine) and tell their rows apart by an id prefix.
     */
    private static String pojoTable(String name) {
        String qualified = KEYSPACE + "." + name;
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + qualified + " (" + COLUMNS + ")");
        return qualified;
    }

    private static long countWithPrefix(String table, String prefix) {
        return CassandraTestSupport.rows("SELECT id FROM " + table).stream()
                .filter(r -> ((String) r[0]).startsWith(prefix))
                .count();
    }

    @Test
    void pojoSinkWithAnnotatedKeyspace() throws Exception {
        String pojoTable = pojoTable("official_pojo_ks");
        String prefix = UUID.randomUUID().toString();
        CassandraPojoSink<PojoWithKeyspace> sink = new CassandraPojoSink<>(PojoWithKeyspace.class, builder(), null, null);
        try {
            sink.open(new Configuration());
            for (int i = 0; i < 20; i++) {
                sink.send(new PojoWithKeyspace(prefix + i, i, 0));
            }
        } finally {
            sink.close();
        }
        assertThat(countWithPrefix(pojoTable, prefix)).isEqualTo(20);
    }

    @Test
    void pojoSinkWithoutAnnotatedKeyspaceUsesTheSinksKeyspace() throws Exception {
        String pojoTable = pojoTable("official_pojo_noks");
        String prefix = UUID.randomUUID().toString();
        CassandraPojoSink<PojoWithoutKeyspace> sink =
                new CassandraPojoSink<>(PojoWithoutKeyspace.class, builder(), KEYSPACE);
        try {
            sink.open(new Configuration());
            for (int i = 0; i < 20; i++) {
                sink.send(new PojoWithoutKeyspace(prefix + i, i, 0));
            }
        } finally {
            sink.close();
        }
        assertThat(countWithPrefix(pojoTable, prefix)).isEqualTo(20);
    }

    @Test
    void mapperOptionsSetTtlAndKeepColumnsOfNullFields() throws Exception {
        String pojoTable = pojoTable("official_pojo_noks");
        String kept = UUID.randomUUID().toString();
        String nulled = UUID.randomUUID().toString();
        CassandraTestSupport.cql("INSERT INTO " + pojoTable + " (id, counter, batch_id) VALUES ('" + kept + "', 1, 2)");
        CassandraTestSupport.cql("INSERT INTO " + pojoTable + " (id, counter, batch_id) VALUES ('" + nulled + "', 1, 2)");
        MapperOptions keepNulls = new SimpleMapperOptions().ttl(3600).saveNullFields(false);
        CassandraPojoSink<PojoWithoutKeyspace> sink =
                new CassandraPojoSink<>(PojoWithoutKeyspace.class, builder(), keepNulls, KEYSPACE);
        try {
            sink.open(new Configuration());
            sink.send(new PojoWithoutKeyspace(kept, 7, null));
        } finally {
            sink.close();
        }
        CassandraPojoSink<PojoWithoutKeyspace> saving = new CassandraPojoSink<>(
                PojoWithoutKeyspace.class, builder(), new SimpleMapperOptions().saveNullFields(true), KEYSPACE);
        try {
            saving.open(new Configuration());
            saving.send(new PojoWithoutKeyspace(nulled, 7, null));
        } finally {
            saving.close();
        }
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + pojoTable + " WHERE id = '" + kept + "'").get(0))
                .containsExactly(7, 2);
        Object ttl = CassandraTestSupport.rows("SELECT TTL(counter) FROM " + pojoTable + " WHERE id = '" + kept + "'").get(0)[0];
        assertThat((Integer) ttl).isBetween(1, 3600);
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + pojoTable + " WHERE id = '" + nulled + "'").get(0))
                .containsExactly(7, null);
    }

    @Test
    void pojoStreamThroughTheBuilderWithMapperOptions() throws Exception {
        String pojoTable = pojoTable("official_pojo_noks");
        String prefix = UUID.randomUUID().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<PojoWithoutKeyspace> pojos = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pojos.add(new PojoWithoutKeyspace(prefix + i, i, 0));
        }
        CassandraSink.addSink(env.fromData(pojos))
                .setClusterBuilder(builder())
                .setDefaultKeyspace(KEYSPACE)
                .setMapperOptions(new SimpleMapperOptions().ttl(3600))
                .build();
        env.execute("official pojo builder");
        assertThat(countWithPrefix(pojoTable, prefix)).isEqualTo(20);
        Object ttl = CassandraTestSupport.rows("SELECT TTL(batch_id) FROM " + pojoTable + " WHERE id = '" + prefix + "3'").get(0)[0];
        assertThat((Integer) ttl).isBetween(1, 3600);
    }

    // ------------------------------------------------------------------ partial updates, nulls

    @Test
    void partialColumnUpdatesThroughQueriesWithFewerColumns() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CassandraSink.addSink(env.fromData(Tuple2.of("a", 1), Tuple2.of("b", 2)))
                .setQuery("INSERT INTO " + table + " (id, counter) VALUES (?, ?)")
                .setClusterBuilder(builder())
                .build();
        env.execute("counters");
        StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment();
        env2.setParallelism(1);
        CassandraSink.addSink(env2.fromData(Tuple2.of("a", 10)))
                .setQuery("INSERT INTO " + table + " (id, batch_id) VALUES (?, ?)")
                .setClusterBuilder(builder())
                .build();
        env2.execute("batch ids");
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + table + " WHERE id = 'a'").get(0))
                .containsExactly(1, 10);
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + table + " WHERE id = 'b'").get(0))
                .containsExactly(2, null);
    }

    @Test
    void builderIgnoresNullFieldsWhenAsked() throws Exception {
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, counter, batch_id) VALUES ('a', 1, 2)");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Row> rows = env.fromData(new RowTypeInfo(Types.STRING, Types.INT, Types.INT),
                Row.of("a", null, 20), Row.of("b", 3, null));
        CassandraSink.addSink(rows)
                .setQuery(insert)
                .setClusterBuilder(builder())
                .enableIgnoreNullFields()
                .setMaxConcurrentRequests(4, java.time.Duration.ofSeconds(30))
                .build();
        env.execute("ignore nulls");
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + table + " WHERE id = 'a'").get(0))
                .containsExactly(1, 20);
        assertThat(CassandraTestSupport.rows("SELECT counter, batch_id FROM " + table + " WHERE id = 'b'").get(0))
                .containsExactly(3, null);
    }

    // ------------------------------------------------------------------ Scala products

    @Test
    void scalaTupleSinkWritesEveryRecord() throws Exception {
        CassandraScalaProductSink<scala.Tuple3<String, Integer, Integer>> sink =
                new CassandraScalaProductSink<>(insert, builder());
        List<scala.Tuple3<String, Integer, Integer>> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(new scala.Tuple3<>(UUID.randomUUID().toString(), i, 0));
        }
        try {
            sink.open(new Configuration());
            for (scala.Tuple3<String, Integer, Integer> value : values) {
                sink.invoke(value, SinkContextUtil.forTimestamp(0));
            }
        } finally {
            sink.close();
        }
        List<scala.Tuple3<String, Integer, Integer>> written = contents().stream()
                .map(r -> new scala.Tuple3<>((String) r[0], (Integer) r[1], (Integer) r[2]))
                .collect(Collectors.toList());
        assertThat(written).containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void scalaTuplePartialColumnUpdateIgnoringNulls() throws Exception {
        CassandraSinkBaseConfig config = CassandraSinkBaseConfig.newBuilder().setIgnoreNullFields(true).build();
        CassandraScalaProductSink<scala.Tuple3<String, Integer, Integer>> sink =
                new CassandraScalaProductSink<>(insert, builder(), config);
        try {
            sink.open(new Configuration());
            sink.invoke(new scala.Tuple3<>("id", 1, null), SinkContextUtil.forTimestamp(0));
            sink.invoke(new scala.Tuple3<>("id", null, 0), SinkContextUtil.forTimestamp(0));
        } finally {
            sink.close();
        }
        assertThat(contents()).hasSize(1);
        assertThat(contents().get(0)).containsExactly("id", 1, 0);
    }

    /** The type information the Scala API derives for {@code (String, Int, Int)}, built from Java. */
    @SuppressWarnings("unchecked")
    private static CaseClassTypeInfo<scala.Tuple3<String, Integer, Integer>> scalaTupleType() {
        Class<scala.Tuple3<String, Integer, Integer>> c =
                (Class<scala.Tuple3<String, Integer, Integer>>) (Class<?>) scala.Tuple3.class;
        TypeInformation<?>[] fields = {BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.INT_TYPE_INFO, BasicTypeInfo.INT_TYPE_INFO};
        Seq<TypeInformation<?>> types = JavaConverters.asScalaBufferConverter(Arrays.asList(fields)).asScala();
        Seq<String> names = JavaConverters.asScalaBufferConverter(Arrays.asList("_1", "_2", "_3")).asScala();
        return new CaseClassTypeInfo<scala.Tuple3<String, Integer, Integer>>(c, new TypeInformation<?>[0], types, names) {
            @Override
            public TypeSerializer<scala.Tuple3<String, Integer, Integer>> createSerializer(ExecutionConfig config) {
                TypeSerializer<?>[] serializers = new TypeSerializer<?>[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    serializers[i] = fields[i].createSerializer(config.getSerializerConfig());
                }
                return new ScalaCaseClassSerializer<>(c, serializers);
            }
        };
    }

    @Test
    void scalaStreamGetsTheScalaProductBuilderAndWrites() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<scala.Tuple3<String, Integer, Integer>> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(new scala.Tuple3<>("s" + i, i, 0));
        }
        DataStream<scala.Tuple3<String, Integer, Integer>> javaStream = env.fromData(values, scalaTupleType());
        org.apache.flink.streaming.api.scala.DataStream<scala.Tuple3<String, Integer, Integer>> scalaStream =
                new org.apache.flink.streaming.api.scala.DataStream<>(javaStream);

        CassandraSink.CassandraSinkBuilder<scala.Tuple3<String, Integer, Integer>> sinkBuilder = CassandraSink.addSink(scalaStream);
        assertThat(sinkBuilder).isInstanceOf(CassandraSink.CassandraScalaProductSinkBuilder.class);
        sinkBuilder.setQuery(insert).setClusterBuilder(builder()).build();
        env.execute("scala tuples");
        assertThat(CassandraTestSupport.count(table)).isEqualTo(20);
        assertThat(CassandraTestSupport.rows("SELECT counter FROM " + table + " WHERE id = 's7'").get(0)).containsExactly(7);
    }

    // ------------------------------------------------------------------ legacy table sink

    @Test
    void appendTableSinkWritesTheTable() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        List<Row> input = new ArrayList<>();
        for (Tuple3<String, Integer, Integer> t : tuples(20)) {
            input.add(Row.of(t.f0, t.f1, t.f2));
        }
        DataStreamSource<Row> source = env.fromData(input, new RowTypeInfo(Types.STRING, Types.INT, Types.INT));
        tEnv.createTemporaryView("testFlinkTable", source);
        ((TableEnvironmentInternal) tEnv).registerTableSinkInternal(
                "cassandraTable",
                new CassandraAppendTableSink(builder(), insert)
                        .configure(new String[] {"f0", "f1", "f2"}, new TypeInformation<?>[] {Types.STRING, Types.INT, Types.INT}));
        tEnv.sqlQuery("select * from testFlinkTable").executeInsert("cassandraTable").await();

        List<Row> written = contents().stream().map(r -> Row.of(r[0], r[1], r[2])).collect(Collectors.toList());
        assertThat(written).containsExactlyInAnyOrderElementsOf(input);
    }

    // ------------------------------------------------------------------ write-ahead sinks, committer

    private static final long T0 = 1_700_000_000_000L;

    private CassandraTupleWriteAheadSink<Tuple3<String, Integer, Integer>> tupleWriteAheadSink() throws Exception {
        return new CassandraTupleWriteAheadSink<>(
                insert,
                TupleTypeInfo.<Tuple3<String, Integer, Integer>>getBasicTupleTypeInfo(String.class, Integer.class, Integer.class)
                        .createSerializer(new ExecutionConfig().getSerializerConfig()),
                builder(), new CassandraCommitter(builder()));
    }

    private static void send(
            OneInputStreamOperatorTestHarness<Tuple3<String, Integer, Integer>, ?> h, int from, int to, int checkpoint)
            throws Exception {
        for (int i = from; i <= to; i++) {
            h.processElement(new StreamRecord<>(Tuple3.of(UUID.randomUUID().toString(), i, checkpoint)));
        }
    }

    private List<Integer> counters() {
        return contents().stream().map(r -> (Integer) r[1]).sorted().collect(Collectors.toList());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }

    @Test
    void writeAheadSinkWritesEachCompletedCheckpoint() throws Exception {
        try (var h = CassandraWriteAheadSinkITCase.boundedRestarts(new OneInputStreamOperatorTestHarness<>(tupleWriteAheadSink()))) {
            h.open();
            for (int cp = 1; cp <= 3; cp++) {
                send(h, (cp - 1) * 20 + 1, cp * 20, cp);
                h.snapshot(cp, T0 + cp);
                h.notifyOfCompletedCheckpoint(cp);
            }
        }
        assertThat(counters()).isEqualTo(range(1, 60));
    }

    @Test
    void writeAheadSinkReplaysAfterAFailureAndDiscardsUncheckpointedRecords() throws Exception {
        var sink = tupleWriteAheadSink();
        var restarted = InstantiationUtil.clone(sink);
        OperatorSubtaskState state;
        try (var h = CassandraWriteAheadSinkITCase.boundedRestarts(new OneInputStreamOperatorTestHarness<>(sink))) {
            h.open();
            send(h, 1, 20, 1);
            state = h.snapshot(1, T0 + 1);
            send(h, 21, 40, 2); // never checkpointed: lost with the failure
            // the task fails before checkpoint 1's notification
        }
        assertThat(CassandraTestSupport.count(table)).isZero();
        try (var h = CassandraWriteAheadSinkITCase.boundedRestarts(new OneInputStreamOperatorTestHarness<>(restarted))) {
            h.initializeState(state);
            h.open();
            send(h, 41, 60, 2);
            h.snapshot(2, T0 + 2);
            h.notifyOfCompletedCheckpoint(2);
        }
        List<Integer> expected = range(1, 20);
        expected.addAll(range(41, 60));
        assertThat(counters()).isEqualTo(expected);
    }

    @Test
    void rowWriteAheadSinkThroughTheBuilder() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(100);
        org.apache.flink.api.common.restartstrategy.RestartStrategies.RestartStrategyConfiguration noRestart =
                org.apache.flink.api.common.restartstrategy.RestartStrategies.noRestart();
        env.setRestartStrategy(noRestart);
        List<Row> input = new ArrayList<>();
        for (Tuple3<String, Integer, Integer> t : tuples(50)) {
            input.add(Row.of(t.f0, t.f1, t.f2));
        }
        CassandraSink<Row> sink = CassandraSink.addSink(env.fromData(input, new RowTypeInfo(Types.STRING, Types.INT, Types.INT)))
                .setQuery(insert)
                .setClusterBuilder(builder())
                .enableWriteAheadLog()
                .build();
        assertThat(sink.isWriteAheadLog()).isTrue();
        env.execute("row write-ahead log");
        assertThat(CassandraTestSupport.count(table)).isEqualTo(50);
    }

    @Test
    void committerKeepsCommitsPerSubtaskAndOperatorAcrossInstances() throws Exception {
        String jobID = new JobID().toString();
        CassandraCommitter cc1 = new CassandraCommitter(builder(), "flink_auxiliary_cc");
        cc1.setJobId(jobID);
        cc1.setOperatorId("operator");
        CassandraCommitter cc2 = new CassandraCommitter(builder(), "flink_auxiliary_cc");
        cc2.setJobId(jobID);
        cc2.setOperatorId("operator");
        CassandraCommitter cc3 = new CassandraCommitter(builder(), "flink_auxiliary_cc");
        cc3.setJobId(jobID);
        cc3.setOperatorId("operator1");

        cc1.createResource();
        cc1.open();
        cc2.open();
        cc3.open();
        assertThat(cc1.isCheckpointCommitted(0, 1)).isFalse();
        assertThat(cc2.isCheckpointCommitted(1, 1)).isFalse();
        assertThat(cc3.isCheckpointCommitted(0, 1)).isFalse();

        cc1.commitCheckpoint(0, 1);
        assertThat(cc1.isCheckpointCommitted(0, 1)).isTrue();
        assertThat(cc2.isCheckpointCommitted(1, 1)).as("other subtask").isFalse();
        assertThat(cc3.isCheckpointCommitted(0, 1)).as("other operator").isFalse();
        assertThat(cc1.isCheckpointCommitted(0, 2)).isFalse();
        cc1.close();
        cc2.close();
        cc3.close();

        CassandraCommitter reopened = new CassandraCommitter(builder(), "flink_auxiliary_cc");
        reopened.setJobId(jobID);
        reopened.setOperatorId("operator");
        reopened.open();
        assertThat(reopened.isCheckpointCommitted(0, 1)).as("read back from Cassandra").isTrue();
        assertThat(reopened.isCheckpointCommitted(0, 2)).isFalse();
        reopened.close();
    }
}
