package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.tuple.Tuple6;
import org.apache.flink.api.java.tuple.Tuple7;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.types.Row;

import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Table;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input (issue 12, part 3) through the Tuple, Row and POJO sinks: a good record, then a
 * bad one, over and over. Each bad record must get a clear error naming its column and the CQL
 * and Java types (thrown by the sink's write) or be routed to the failure handler (the server
 * rejected it); the JVM survives (this test runs with -Xcheck:jni); and every record accepted
 * before a bad one is in Cassandra at the end. Error messages must not carry the record's values.
 *
 * <p>{@value #QUICK_RECORDS} malformed records per sink by default ({@code scripts/test});
 * {@code scripts/torture} runs {@code -Dtorture.malformed=10000}.
 */
class MalformedInputITCase {
    static final int QUICK_RECORDS = 500;

    /** In every bad value that is a string: must not show up in an error message. */
    private static final String SECRET = "s3cr3t";

    private static final String COLUMNS = "id bigint, name text, code ascii, small smallint, n int, "
            + "tags list<int>, nested map<text, frozen<list<int>>>, PRIMARY KEY ((id), name)";
    private static final String INSERT = "INSERT INTO %s (id, name, code, small, n, tags, nested) VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** How a bad record is bad; the fragments a clear error about it names (null: the server rejects it). */
    enum Bad {
        WRONG_JAVA_TYPE("n", "int", "java.lang.Double"),
        NOT_A_NUMBER("small", "smallint", "java.lang.String"),
        OVER_RANGE("small", "smallint", "java.lang.Integer"),
        WRONG_ARITY("7", "6"),
        NULL_PARTITION_KEY("id"),
        NULL_CLUSTERING_KEY("name"),
        OVER_SIZE_KEY((String[]) null),
        BROKEN_UTF16_ASCII("code", "ascii"),
        BROKEN_UTF16_TEXT((String[]) null),
        NESTED_WRONG_SHAPE("nested", "list<int>", "java.lang.Integer"),
        NESTED_WRONG_ELEMENT("tags", "int", "java.lang.String");

        final String[] fragments;

        Bad(String... fragments) {
            this.fragments = fragments;
        }
    }

    /** Failures the sink hands to its failure handler (server-side rejections), kept, not rethrown. */
    static final class Recording implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;
        static final ConcurrentLinkedQueue<Throwable> FAILURES = new ConcurrentLinkedQueue<>();

        @Override
        public void onFailure(Throwable failure) {
            FAILURES.add(failure);
        }
    }

    @Test
    void tupleSink() throws Exception {
        String table = CassandraTestSupport.createTable("malformed_tuple", COLUMNS);
        CassandraTupleSink<Tuple> sink = new CassandraTupleSink<>(String.format(INSERT, table),
                CassandraTestSupport.clusterBuilder(), CassandraSinkBaseConfig.newBuilder().build(), new Recording());
        run("tuple", table, sink, List.of(Bad.values()), (id, bad) -> {
            Object[] v = values(id, bad);
            if (bad == Bad.WRONG_ARITY) {
                return Tuple6.of(v[0], v[1], v[2], v[3], v[4], v[5]);
            }
            return Tuple7.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        });
    }

    @Test
    void rowSink() throws Exception {
        String table = CassandraTestSupport.createTable("malformed_row", COLUMNS);
        CassandraRowSink sink = new CassandraRowSink(7, String.format(INSERT, table),
                CassandraTestSupport.clusterBuilder(), CassandraSinkBaseConfig.newBuilder().build(), new Recording());
        run("row", table, sink, List.of(Bad.values()), (id, bad) -> {
            Object[] v = values(id, bad);
            return Row.of(bad == Bad.WRONG_ARITY ? java.util.Arrays.copyOf(v, 6) : v);
        });
    }

    /** A POJO's fields are typed: its bad records are nulls, sizes, broken strings and polluted collections. */
    @Test
    void pojoSink() throws Exception {
        String table = CassandraTestSupport.KEYSPACE + ".malformed_pojo";
        CassandraTestSupport.cql("DROP TABLE IF EXISTS " + table);
        CassandraTestSupport.cql("CREATE TABLE " + table + " (" + COLUMNS + ")");
        CassandraPojoSink<Pojo> sink = new CassandraPojoSink<>(Pojo.class, CassandraTestSupport.clusterBuilder(), null,
                CassandraTestSupport.KEYSPACE, CassandraSinkBaseConfig.newBuilder().build(), new Recording());
        List<Bad> kinds = List.of(Bad.NULL_PARTITION_KEY, Bad.NULL_CLUSTERING_KEY, Bad.OVER_SIZE_KEY,
                Bad.BROKEN_UTF16_ASCII, Bad.BROKEN_UTF16_TEXT, Bad.NESTED_WRONG_SHAPE, Bad.NESTED_WRONG_ELEMENT);
        run("pojo", table, sink, kinds, (id, bad) -> new Pojo(values(id, bad)));
    }

    /** Bind values of record {@code id}: good when {@code bad} is null. */
    @SuppressWarnings({"unchecked", "rawtypes"}) // the polluted collections are the point
    static Object[] values(Long id, Bad bad) {
        Object[] v = {id, "name-" + id, "code", (short) 1, 1, new ArrayList<>(List.of(1, 2)),
                new TreeMap<>(Map.of("a", List.of(1)))};
        if (bad == null) {
            return v;
        }
        switch (bad) {
            case WRONG_JAVA_TYPE: v[4] = 1.5d; break;
            case NOT_A_NUMBER: v[3] = "12x-" + SECRET; break;
            case OVER_RANGE: v[3] = 70_000; break;
            case NULL_PARTITION_KEY: v[0] = null; break;
            case NULL_CLUSTERING_KEY: v[1] = null; break;
            case OVER_SIZE_KEY: v[1] = SECRET + "x".repeat(70_000); break;
            case BROKEN_UTF16_ASCII: v[2] = "c\uD800" + SECRET; break;
            case BROKEN_UTF16_TEXT: v[1] = "name-" + id + "\uDC00"; break;
            case NESTED_WRONG_SHAPE: ((Map) v[6]).put("b", 2); break;
            case NESTED_WRONG_ELEMENT: ((List) v[5]).add(SECRET); break;
            default: break;
        }
        return v;
    }

    private static <T> void run(String sinkName, String table, CassandraSinkBase<T, ?> sink, List<Bad> kinds,
            BiFunction<Long, Bad, T> record) throws Exception {
        int records = Integer.getInteger("torture.malformed", QUICK_RECORDS);
        Recording.FAILURES.clear();
        long t0 = System.nanoTime();
        int rejected = 0;
        int accepted = 0;
        int expectedRows = 0;
        List<String> unclear = new ArrayList<>();
        Map<Bad, String> firstError = new TreeMap<>();
        sink.open(new Configuration());
        try {
            for (int i = 0; i < records; i++) {
                sink.invoke(record.apply(2L * i, null));
                expectedRows++;
                Bad bad = kinds.get(i % kinds.size());
                try {
                    sink.invoke(record.apply(2L * i + 1, bad));
                    accepted++;
                    if (bad.fragments != null) {
                        unclear.add(bad + ": accepted");
                    }
                    if (bad == Bad.BROKEN_UTF16_TEXT) {
                        expectedRows++;
                    }
                } catch (RuntimeException e) {
                    rejected++;
                    firstError.putIfAbsent(bad, e.toString());
                    String problem = unclearError(bad, e);
                    if (problem != null) {
                        unclear.add(bad + ": " + problem);
                    }
                }
                if ((i + 1) % 1_000 == 0) {
                    System.out.printf("malformed: %s %d/%d (elapsed %d s)%n", sinkName, i + 1, records,
                            (System.nanoTime() - t0) / 1_000_000_000L);
                }
            }
        } finally {
            sink.close();
        }
        List<Throwable> handled = new ArrayList<>(Recording.FAILURES);
        // the sink hands writes that failed alike to the handler as one failure: "N writes failed ..."
        long handledWrites = handled.stream().mapToLong(MalformedInputITCase::writesIn).sum();
        long serverRejected = countOf(records, kinds, Bad.OVER_SIZE_KEY);
        long rows = CassandraTestSupport.count(table);
        long goodInDb = CassandraTestSupport.rows("SELECT id FROM " + table).stream()
                .filter(r -> r[0] != null && (Long) r[0] % 2 == 0).count();
        firstError.forEach((k, m) -> System.out.println("malformed: " + sinkName + " " + k + " -> " + m));
        handled.stream().limit(1).forEach(f -> System.out.println("malformed: " + sinkName + " failure handler <- " + f));
        // key=value: scripts/torture sums them over the sinks
        System.out.printf("malformed: %s sink: tried=%d rejected=%d handler=%d accepted=%d good=%d good_in_db=%d "
                        + "rows=%d expected=%d (%d s)%n",
                sinkName, records, rejected, handledWrites, accepted - handledWrites, records, goodInDb, rows,
                expectedRows, (System.nanoTime() - t0) / 1_000_000_000L);

        assertThat(unclear).as("bad records without a clear error").isEmpty();
        assertThat(handledWrites).as("writes routed to the failure handler (over-size keys)").isEqualTo(serverRejected);
        assertThat(handled).allSatisfy(f -> assertThat(f.getMessage()).contains("Key length").doesNotContain(SECRET));
        assertThat(goodInDb).as("good records in Cassandra").isEqualTo(records);
        assertThat(rows).as("every good record (and every accepted one) is in Cassandra").isEqualTo(expectedRows);
        long brokenText = 2L * kinds.indexOf(Bad.BROKEN_UTF16_TEXT) + 1;
        assertThat(CassandraTestSupport.rows("SELECT name FROM " + table + " WHERE id = " + brokenText))
                .as("a lone surrogate is written as '?' (as String.getBytes and the DataStax driver do)")
                .singleElement().satisfies(row -> assertThat(row[0]).isEqualTo("name-" + brokenText + "?"));
    }

    /** How many writes one failure stands for ("45 writes failed with ..." or one). */
    private static long writesIn(Throwable failure) {
        Matcher m = Pattern.compile("^(\\d+) writes failed").matcher(String.valueOf(failure.getMessage()));
        return m.find() ? Long.parseLong(m.group(1)) : 1;
    }

    private static long countOf(int records, List<Bad> kinds, Bad kind) {
        int k = kinds.indexOf(kind);
        return k < 0 ? 0 : (records - k + kinds.size() - 1) / kinds.size();
    }

    /** Null if {@code e} is a clear error about {@code bad}; else what is wrong with it. */
    private static String unclearError(Bad bad, RuntimeException e) {
        if (bad.fragments == null) {
            return "expected to pass the client, got " + e;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains(SECRET)) {
            return "the message shows the value: " + message;
        }
        for (String fragment : bad.fragments) {
            if (!message.contains(fragment)) {
                return "the message does not name '" + fragment + "': " + e;
            }
        }
        return null;
    }

    /** The POJO sink's record: typed fields, so its bad values are nulls, sizes and polluted collections. */
    @Table(name = "malformed_pojo")
    public static class Pojo implements Serializable {
        private static final long serialVersionUID = 1L;

        @Column(name = "id")
        private Long id;

        @Column(name = "name")
        private String name;

        @Column(name = "code")
        private String code;

        @Column(name = "small")
        private Short small;

        @Column(name = "n")
        private Integer n;

        @Column(name = "tags")
        private List<Integer> tags;

        @Column(name = "nested")
        private Map<String, List<Integer>> nested;

        public Pojo() {}

        @SuppressWarnings("unchecked")
        Pojo(Object[] v) {
            id = (Long) v[0];
            name = (String) v[1];
            code = (String) v[2];
            small = (Short) v[3];
            n = (Integer) v[4];
            tags = (List<Integer>) v[5];
            nested = (Map<String, List<Integer>>) v[6];
        }
    }
}
