package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlCodec;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round trips through the at-least-once sink for every CQL type: what a job writes is what
 * Cassandra returns (read back through the native session and decoded by {@code CqlCodec}),
 * including nulls, unset values, empty collections, extreme numbers and non-ASCII text.
 *
 * <p>Records are produced in the job from a static registry and reach the sink by object reuse
 * in one chain, so values Flink could not serialize (ByteBuffer, InetAddress) arrive unchanged.
 */
class CassandraSinkTypesITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final Map<String, List<Object>> RECORDS = new ConcurrentHashMap<>();
    private static final String KS = CassandraTestSupport.KEYSPACE;

    private static final String ALL_COLUMNS = "a, t, vc, i, bi, si, ti, vi, dc, f, d, b, u, tu, ts, dt, tm, du, bl, ip, "
            + "l, s, m, tp, ud, udn, fl";
    private static final int N = 27;

    private static final UUID UUID_V4 = UUID.fromString("0f14d0ab-9605-4a62-a9e4-5ed26688389b");
    private static final UUID TIMEUUID = UUID.fromString("50554d6e-29bb-11e5-b345-feff819cdc9f");
    private static final String NON_ASCII = "héllo wörld ✓ 日本語 😀 \u0000 end";

    private static String table;

    @BeforeAll
    static void createTable() {
        CassandraTestSupport.cql("CREATE TYPE IF NOT EXISTS " + KS
                + ".address (street text, zip int, tags frozen<list<text>>)");
        table = CassandraTestSupport.createTable("alltypes", "id int PRIMARY KEY, a ascii, t text, vc varchar, "
                + "i int, bi bigint, si smallint, ti tinyint, vi varint, dc decimal, f float, d double, b boolean, "
                + "u uuid, tu timeuuid, ts timestamp, dt date, tm time, du duration, bl blob, ip inet, "
                + "l list<int>, s set<text>, m map<text, frozen<list<int>>>, tp tuple<int, text, double>, "
                + "ud frozen<address>, udn address, fl frozen<list<frozen<set<int>>>>");
    }

    @Test
    void everyTypeRoundTripsWithOrdinaryValues() throws Exception {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("street", "Hauptstraße 1");
        address.put("zip", 10115);
        address.put("tags", Arrays.asList("home", "büro"));
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        m.put("a", Arrays.asList(1, 2, 3));
        m.put("ü", Collections.emptyList());
        Date date = new Date(1_700_000_000_123L);
        Object[] in = {
            "plain ascii", NON_ASCII, "varchar ✓", 42, 1L << 40, (short) -300, (byte) 7,
            new BigInteger("123456789012345678901234567890"), new BigDecimal("-12345.678900"), 1.5f, Math.PI, true,
            UUID_V4, TIMEUUID, date, LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 123_456_789),
            CqlDuration.of(1, 2, 3_000_000_000L), new byte[] {0, 1, 2, (byte) 0xff},
            InetAddress.getByName("192.168.1.20"),
            Arrays.asList(3, 1, 2), new LinkedHashSet<>(Arrays.asList("x", "y")), m,
            Tuple3.of(1, "one", 1.0), address, address, Arrays.asList(set(1, 2), set(3))};
        Object[] out = writeRowAndReadBack(1, in);

        Object[] expected = in.clone();
        expected[14] = date.toInstant(); // timestamps read back as Instant
        expected[23] = Arrays.asList(1, "one", 1.0); // tuples read back as List
        assertRow(out, expected);
    }

    @Test
    void extremesAndAlternativeJavaTypesRoundTrip() throws Exception {
        BigInteger hugeInt = BigInteger.ONE.shiftLeft(300).negate().add(BigInteger.valueOf(17));
        BigDecimal hugeDecimal = new BigDecimal(BigInteger.TEN.pow(80).add(BigInteger.ONE), -1000);
        byte[] blob = new byte[1000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        ByteBuffer blobBuffer = ByteBuffer.wrap(blob, 10, 100).slice();
        InetAddress v6 = InetAddress.getByName("2001:db8::ff00:42:8329");
        Object[] in = {
            "", "", "\uD83D\uDE00", Integer.MIN_VALUE, Long.MIN_VALUE, Short.MAX_VALUE, Byte.MIN_VALUE,
            hugeInt, hugeDecimal, Float.NaN, -0.0d, false,
            new UUID(0, 0), TIMEUUID, Instant.parse("1969-12-31T23:59:59.999Z"), LocalDate.of(1, 1, 1),
            LocalTime.MAX, Duration.ofHours(-25), blobBuffer, v6,
            new Object[] {Integer.MAX_VALUE, Integer.MIN_VALUE}, Collections.singleton(NON_ASCII),
            Collections.singletonMap("k", Collections.singletonList(-1)),
            new Object[] {null, NON_ASCII, Double.NEGATIVE_INFINITY},
            Row.of("row street", -1, Collections.emptyList()),
            Tuple3.of("tuple street", 0, Collections.singletonList("t")),
            Collections.singletonList(Collections.emptySet())};
        Object[] out = writeRowAndReadBack(2, in);

        Object[] expected = in.clone();
        expected[4] = Long.MIN_VALUE;
        expected[17] = CqlDuration.from(Duration.ofHours(-25));
        expected[18] = Arrays.copyOfRange(blob, 10, 110);
        expected[20] = Arrays.asList(Integer.MAX_VALUE, Integer.MIN_VALUE);
        expected[23] = Arrays.asList(null, NON_ASCII, Double.NEGATIVE_INFINITY);
        expected[24] = udt("row street", -1, Collections.emptyList());
        expected[25] = udt("tuple street", 0, Collections.singletonList("t"));
        assertRow(out, expected);
        // -0.0 keeps its sign and NaN stays NaN (Double.equals tells them apart)
        assertThat((Double) out[10]).isEqualTo(-0.0d);
        assertThat((Float) out[9]).isNaN();
    }

    @Test
    void timestampAsEpochMillisVarintAsLongAndNullUdtFields() throws Exception {
        Object[] in = new Object[N];
        in[14] = -1L; // timestamp as epoch millis
        in[7] = Long.MAX_VALUE; // varint from a Long
        in[8] = BigDecimal.ZERO;
        in[24] = Tuple3.of(null, null, null); // UDT whose fields are all null
        in[23] = new Object[] {null, null, null};
        Object[] out = writeRowAndReadBack(3, in);

        Object[] expected = new Object[N];
        expected[14] = Instant.ofEpochMilli(-1);
        expected[7] = BigInteger.valueOf(Long.MAX_VALUE);
        expected[8] = BigDecimal.ZERO;
        expected[24] = udt(null, null, null);
        expected[23] = Arrays.asList(null, null, null);
        assertRow(out, expected);
    }

    /**
     * Nulls are written as nulls (tombstones); empty non-frozen collections are stored as no
     * cells at all, so Cassandra returns null for them, while an empty frozen collection is a
     * value and comes back empty. Empty text, ascii and blob stay empty.
     */
    @Test
    void nullsAndEmptyCollectionsReadBackAsCassandraStoresThem() throws Exception {
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, t, i, l, s, m) VALUES (4, 'old', 1, [1], {'x'}, {'k': [1]})");
        Object[] in = new Object[N];
        in[1] = null; // text overwritten by null
        in[2] = "";
        in[18] = new byte[0];
        in[20] = Collections.emptyList();
        in[21] = Collections.emptySet();
        in[22] = Collections.emptyMap();
        in[26] = Collections.emptyList();
        in[25] = Collections.emptyMap(); // non-frozen UDT with no fields given: all fields null
        Object[] out = writeRowAndReadBack(4, in);

        Object[] expected = new Object[N];
        expected[2] = "";
        expected[18] = new byte[0];
        expected[26] = Collections.emptyList(); // frozen: an empty value
        // l, s, m: empty non-frozen collections read back as null; udn with every field null is null too
        assertRow(out, expected);
    }

    @Test
    void unsetLeavesColumnsAloneWhileNullDeletesThem() throws Exception {
        String t = CassandraTestSupport.createTable("unset", "id int PRIMARY KEY, a text, l list<int>, m map<int, text>");
        CassandraTestSupport.cql("INSERT INTO " + t + " (id, a, l, m) VALUES (1, 'keep', [1, 2], {1: 'one'})");
        CassandraTestSupport.cql("INSERT INTO " + t + " (id, a, l, m) VALUES (2, 'keep', [1, 2], {1: 'one'})");
        CassandraTestSupport.cql("INSERT INTO " + t + " (id, a, l, m) VALUES (3, 'keep', [1, 2], {1: 'one'})");
        String query = "INSERT INTO " + t + " (id, a, l, m) VALUES (?, ?, ?, ?)";

        // id 1: explicit CqlCodec.UNSET without enableIgnoreNullFields; id 2: null = tombstone
        runRows("unset-explicit", query, 4, false,
                Row.of(1, CqlCodec.UNSET, CqlCodec.UNSET, Collections.singletonMap(2, "two")),
                Row.of(2, null, null, null));
        // id 3: null with enableIgnoreNullFields = unset
        runRows("unset-ignore", query, 4, true, Row.of(3, null, Arrays.asList(9), null));

        assertThat(CassandraTestSupport.rows("SELECT a, l, m FROM " + t + " WHERE id = 1").get(0))
                .containsExactly("keep", Arrays.asList(1, 2), Collections.singletonMap(2, "two"));
        assertThat(CassandraTestSupport.rows("SELECT a, l, m FROM " + t + " WHERE id = 2").get(0))
                .containsExactly(null, null, null);
        assertThat(CassandraTestSupport.rows("SELECT a, l, m FROM " + t + " WHERE id = 3").get(0))
                .containsExactly("keep", Arrays.asList(9), Collections.singletonMap(1, "one"));
    }

    @Test
    void tupleStreamsBindCqlTuplesAndUdtsFromNestedFlinkTuples() throws Exception {
        String t = CassandraTestSupport.createTable("nested", "id int PRIMARY KEY, tp frozen<tuple<int, text>>, "
                + "ud frozen<address>, lt list<frozen<tuple<int, text>>>");
        String query = "INSERT INTO " + t + " (id, tp, ud, lt) VALUES (?, ?, ?, ?)";
        String key = "nested-tuples";
        RECORDS.put(key, Collections.singletonList(Tuple4.<Object, Object, Object, Object>of(
                1, Tuple2.of(5, "five"), Row.of("s", 1, Arrays.asList("a")),
                Arrays.asList(Tuple2.of(1, "a"), Tuple2.of(2, "b")))));
        StreamExecutionEnvironment env = env();
        TypeInformation<Tuple4<Object, Object, Object, Object>> type =
                new TupleTypeInfo<>(generic(), generic(), generic(), generic());
        DataStream<Tuple4<Object, Object, Object, Object>> stream =
                env.fromSequence(0, 0).map(new FromRegistry<Tuple4<Object, Object, Object, Object>>(key)).returns(type);
        CassandraSink.addSink(stream).setQuery(query).setClusterBuilder(CassandraTestSupport.clusterBuilder()).build();
        env.execute("nested tuples");

        assertThat(CassandraTestSupport.rows("SELECT tp, ud, lt FROM " + t + " WHERE id = 1").get(0)).containsExactly(
                Arrays.asList(5, "five"), udt("s", 1, Arrays.asList("a")),
                Arrays.asList(Arrays.asList(1, "a"), Arrays.asList(2, "b")));
    }

    /**
     * inet, uuid and timeuuid columns take text (what real jobs carry: an InetAddress cannot
     * cross a Flink shuffle on Java 17), here serialized by Flink's string serializer on the way
     * to the sink. A host name is rejected without a lookup, naming the column but not the value.
     */
    @Test
    void inetAndUuidColumnsTakeTheirTextForms() throws Exception {
        String t = CassandraTestSupport.createTable("textforms", "id int PRIMARY KEY, ip inet, u uuid, tu timeuuid");
        String query = "INSERT INTO " + t + " (id, ip, u, tu) VALUES (?, ?, ?, ?)";
        RowTypeInfo types = new RowTypeInfo(Types.INT, Types.STRING, Types.STRING, Types.STRING);
        StreamExecutionEnvironment env = env();
        DataStream<Row> stream = env.fromData(types,
                Row.of(1, "192.0.2.33", UUID_V4.toString(), TIMEUUID.toString()),
                Row.of(2, "2001:db8::1", UUID_V4.toString().toUpperCase(), TIMEUUID.toString()))
                .rebalance();
        CassandraSink.addSink(stream).setQuery(query).setClusterBuilder(CassandraTestSupport.clusterBuilder()).build();
        env.execute("text-forms");

        assertThat(CassandraTestSupport.rows("SELECT ip, u, tu FROM " + t + " WHERE id = 1").get(0))
                .containsExactly(InetAddress.getByName("192.0.2.33"), UUID_V4, TIMEUUID);
        assertThat(CassandraTestSupport.rows("SELECT ip, u, tu FROM " + t + " WHERE id = 2").get(0))
                .containsExactly(InetAddress.getByName("2001:db8::1"), UUID_V4, TIMEUUID);

        StreamExecutionEnvironment failing = env();
        DataStream<Row> hostName = failing.fromData(types,
                Row.of(3, "db-private-host.example", UUID_V4.toString(), TIMEUUID.toString()));
        CassandraSink.addSink(hostName).setQuery(query).setClusterBuilder(CassandraTestSupport.clusterBuilder()).build();
        assertThatThrownBy(() -> failing.execute("text-forms-host-name"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("column " + t + ".ip of CQL type inet")
                        .contains("host names are not looked up")
                        .doesNotContain("db-private-host"));
        assertThat(CassandraTestSupport.count(t)).isEqualTo(2);
    }

    /** Counter updates add up; the sink marks them non-idempotent so timeouts are not retried. */
    @Test
    void counterUpdatesAddUp() throws Exception {
        String t = CassandraTestSupport.createTable("counters", "id int PRIMARY KEY, c counter");
        String query = "UPDATE " + t + " SET c = c + ? WHERE id = ?";
        runRows("counters", query, 2, false,
                Row.of(5L, 1), Row.of(-2L, 1), Row.of(Long.MAX_VALUE, 2), Row.of(7, 1), Row.of((short) 1, 2));
        assertThat(CassandraTestSupport.rows("SELECT c FROM " + t + " WHERE id = 1").get(0)).containsExactly(10L);
        assertThat(CassandraTestSupport.rows("SELECT c FROM " + t + " WHERE id = 2").get(0)).containsExactly(Long.MIN_VALUE);
    }

    // ------------------------------------------------------------------ helpers

    private static Object[] writeRowAndReadBack(int id, Object[] values) throws Exception {
        Object[] withId = new Object[values.length + 1];
        withId[0] = id;
        System.arraycopy(values, 0, withId, 1, values.length);
        String query = "INSERT INTO " + table + " (id, " + ALL_COLUMNS + ") VALUES (?"
                + String.join("", Collections.nCopies(N, ", ?")) + ")";
        runRows("all-types-" + id, query, N + 1, false, Row.of(withId));
        List<Object[]> rows = CassandraTestSupport.rows("SELECT " + ALL_COLUMNS + " FROM " + table + " WHERE id = " + id);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static void runRows(String key, String query, int arity, boolean ignoreNulls, Row... rows) throws Exception {
        RECORDS.put(key, Arrays.asList((Object[]) rows));
        StreamExecutionEnvironment env = env();
        TypeInformation<?>[] types = new TypeInformation<?>[arity];
        Arrays.fill(types, generic());
        DataStream<Row> stream = env.fromSequence(0, rows.length - 1)
                .map(new FromRegistry<Row>(key)).returns(new RowTypeInfo(types));
        CassandraSink.CassandraSinkBuilder<Row> sink = CassandraSink.addSink(stream)
                .setQuery(query)
                .setClusterBuilder(CassandraTestSupport.clusterBuilder());
        if (ignoreNulls) {
            sink.enableIgnoreNullFields();
        }
        sink.build();
        env.execute(key);
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse(); // records reach the chained sink as they are
        return env;
    }

    private static TypeInformation<Object> generic() {
        return new GenericTypeInfo<>(Object.class);
    }

    private static Set<Integer> set(Integer... values) {
        return new LinkedHashSet<>(Arrays.asList(values));
    }

    private static Map<String, Object> udt(String street, Integer zip, List<String> tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("street", street);
        m.put("zip", zip);
        m.put("tags", tags);
        return m;
    }

    private static void assertRow(Object[] actual, Object[] expected) {
        String[] names = ALL_COLUMNS.split(", ");
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            Object e = expected[i];
            String what = names[i] + " (written as " + (e == null ? "null" : e.getClass().getName()) + ")";
            if (e instanceof byte[]) {
                assertThat(actual[i]).as(what).isInstanceOf(byte[].class).isEqualTo(e);
            } else {
                assertThat(actual[i]).as(what).isEqualTo(normalize(e));
            }
        }
    }

    /** What the codec decodes for a value that was written from another Java type. */
    private static Object normalize(Object value) {
        if (value instanceof Tuple) {
            Tuple t = (Tuple) value;
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < t.getArity(); i++) {
                l.add(normalize(t.getField(i)));
            }
            return l;
        }
        if (value instanceof Set) {
            Set<Object> s = new LinkedHashSet<>();
            for (Object o : (Set<?>) value) {
                s.add(normalize(o));
            }
            return s;
        }
        if (value instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object o : (List<?>) value) {
                l.add(normalize(o));
            }
            return l;
        }
        if (value instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> en : ((Map<?, ?>) value).entrySet()) {
                m.put(normalize(en.getKey()), normalize(en.getValue()));
            }
            return m;
        }
        return value;
    }

    /** Emits the registered records in order. */
    static final class FromRegistry<T> implements MapFunction<Long, T> {
        private static final long serialVersionUID = 1L;
        private final String key;

        FromRegistry(String key) {
            this.key = key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T map(Long index) {
            return (T) RECORDS.get(key).get(index.intValue());
        }
    }
}
