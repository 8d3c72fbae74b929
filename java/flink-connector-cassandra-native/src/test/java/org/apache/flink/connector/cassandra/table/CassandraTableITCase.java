package org.apache.flink.connector.cassandra.table;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL connector through a TableEnvironment on a MiniCluster against the real server. */
class CassandraTableITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return env;
    }

    static StreamTableEnvironment tEnv() {
        return StreamTableEnvironment.create(env());
    }

    /** The WITH clause of a table on the test server. */
    static String with(String qualifiedTable, String... extra) {
        String[] parts = qualifiedTable.split("\\.");
        StringBuilder sb = new StringBuilder(" WITH ('connector' = 'cassandra', 'hosts' = '")
                .append(CassandraTestSupport.server().host()).append("', 'port' = '")
                .append(CassandraTestSupport.server().nativePort()).append("', 'keyspace' = '").append(parts[0])
                .append("', 'table' = '").append(parts[1]).append("'");
        for (String option : extra) {
            sb.append(", ").append(option);
        }
        return sb.append(')').toString();
    }

    static void await(TableResult result) throws Exception {
        result.await(120, java.util.concurrent.TimeUnit.SECONDS);
    }

    @SuppressWarnings("try") // Flink's CloseableIterator.close() declares Exception
    static List<Row> collect(Table table) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = table.execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @SuppressWarnings("try") // Flink's CloseableIterator.close() declares Exception
    static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    static Map<Object, Object> keyValue(String select) {
        Map<Object, Object> out = new TreeMap<>();
        for (Object[] row : CassandraTestSupport.rows(select)) {
            out.put(row[0], row[1]);
        }
        return out;
    }

    @Test
    void appendInsertWritesTheDeclaredColumnsOnly() throws Exception {
        String table = CassandraTestSupport.createTable("sql_append", "id int PRIMARY KEY, name text, score int");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, name, score) VALUES (1, 'old', 7)");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, name STRING)" + with(table));
        await(t.executeSql("INSERT INTO c VALUES (1, 'one'), (2, 'two'), (3, CAST(NULL AS STRING))"));

        assertThat(CassandraTestSupport.count(table)).isEqualTo(3);
        // partial columns: score was not declared, so row 1 keeps it
        assertThat(CassandraTestSupport.rows("SELECT name, score FROM " + table + " WHERE id = 1").get(0))
                .containsExactly("one", 7);
        assertThat(CassandraTestSupport.rows("SELECT name FROM " + table + " WHERE id = 3").get(0)[0]).isNull();
    }

    @Test
    void upsertFromAnAggregationLeavesExactlyTheAggregate() throws Exception {
        String table = CassandraTestSupport.createTable("sql_agg", "word text PRIMARY KEY, n bigint");
        StreamExecutionEnvironment env = env();
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.executeSql("CREATE TABLE counts (word STRING, n BIGINT, PRIMARY KEY (word) NOT ENFORCED)" + with(table));
        List<Row> words = new ArrayList<>();
        Map<Object, Object> expected = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            String w = "w" + (i % 7 == 0 ? 0 : i % 13);
            words.add(Row.of(w));
            expected.merge(w, 1L, (a, b) -> (Long) a + (Long) b);
        }
        t.createTemporaryView("words", t.fromDataStream(env.fromData(new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {Types.STRING}, new String[] {"word"}), words.toArray(new Row[0]))));
        await(t.executeSql("INSERT INTO counts SELECT word, COUNT(*) FROM words GROUP BY word"));

        assertThat(keyValue("SELECT word, n FROM " + table)).isEqualTo(expected);
    }

    @Test
    void retractionsDeleteRowsAndUpdateBeforeIsDropped() throws Exception {
        String table = CassandraTestSupport.createTable("sql_del", "id int, part int, v text, PRIMARY KEY (id, part)");
        StreamExecutionEnvironment env = env();
        env.setParallelism(1);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.executeSql("CREATE TABLE c (id INT, part INT, v STRING, PRIMARY KEY (id, part) NOT ENFORCED)" + with(table));
        RowTypeInfo type = new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {Types.INT, Types.INT, Types.STRING},
                new String[] {"id", "part", "v"});
        DataStream<Row> changes = env.fromData(type,
                Row.ofKind(RowKind.INSERT, 1, 1, "a"),
                Row.ofKind(RowKind.INSERT, 2, 1, "b"),
                Row.ofKind(RowKind.INSERT, 3, 1, "c"),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1, 1, "a"),
                Row.ofKind(RowKind.UPDATE_AFTER, 1, 1, "a2"),
                Row.ofKind(RowKind.DELETE, 2, 1, "b"),
                Row.ofKind(RowKind.INSERT, 2, 1, "b-again"),
                Row.ofKind(RowKind.DELETE, 3, 1, "c"));
        t.createTemporaryView("changes", t.fromChangelogStream(changes));
        await(t.executeSql("INSERT INTO c SELECT id, part, v FROM changes" + CassandraTestSupport.onConflict()));

        assertThat(keyValue("SELECT id, v FROM " + table)).containsOnly(
                Map.entry(1, "a2"), Map.entry(2, "b-again"));
    }

    @Test
    void perRecordTtlAndWritetimeAreBound() throws Exception {
        String table = CassandraTestSupport.createTable("sql_meta", "id int PRIMARY KEY, v text");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, v STRING, ttl INT METADATA, writetime TIMESTAMP_LTZ(6) METADATA, "
                + "PRIMARY KEY (id) NOT ENFORCED)" + with(table));
        await(t.executeSql("INSERT INTO c VALUES "
                + "(1, 'a', 5000, TO_TIMESTAMP_LTZ(1700000000123, 3)), "
                + "(2, 'b', CAST(NULL AS INT), CAST(NULL AS TIMESTAMP_LTZ(6)))" + CassandraTestSupport.onConflict()));

        Object[] one = CassandraTestSupport.rows("SELECT TTL(v), WRITETIME(v) FROM " + table + " WHERE id = 1").get(0);
        assertThat((Integer) one[0]).isBetween(4000, 5000);
        assertThat(one[1]).isEqualTo(1_700_000_000_123_000L);
        Object[] two = CassandraTestSupport.rows("SELECT TTL(v), WRITETIME(v) FROM " + table + " WHERE id = 2").get(0);
        assertThat(two[0]).isNull(); // no TTL
        assertThat((Long) two[1]).isGreaterThan(1_700_000_000_123_000L); // the sink's own client timestamp
    }

    @Test
    void staticTtlOption() throws Exception {
        String table = CassandraTestSupport.createTable("sql_ttl", "id int PRIMARY KEY, v text");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, v STRING)" + with(table, "'sink.ttl' = '1 h'"));
        await(t.executeSql("INSERT INTO c VALUES (1, 'a')"));
        Integer ttl = (Integer) CassandraTestSupport.rows("SELECT TTL(v) FROM " + table + " WHERE id = 1").get(0)[0];
        assertThat(ttl).isBetween(3000, 3600);
    }

    @Test
    void exactlyOnceInsertSurvivesAnInjectedFailureWithExactCounts() throws Exception {
        String table = CassandraTestSupport.createTable("sql_eo", "id bigint PRIMARY KEY, name text");
        StreamExecutionEnvironment env = env();
        env.enableCheckpointing(100);
        env.configure(CassandraTestSupport.fixedDelayRestarts(3, 100));
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        int n = 3000;
        DataStream<Row> rows = env.fromSequence(1, n).map(new FailOnceAfter(n / 4))
                .returns(new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {Types.LONG, Types.STRING},
                        new String[] {"id", "name"}));
        t.createTemporaryView("src", t.fromDataStream(rows));
        t.executeSql("CREATE TABLE c (id BIGINT, name STRING)"
                + with(table, "'sink.delivery-guarantee' = 'exactly-once'", "'sink.committer.keyspace' = 'flink_it'"));
        await(t.executeSql("INSERT INTO c SELECT id, name FROM src"));

        assertThat(CassandraTestSupport.count(table)).isEqualTo(n);
        assertThat(CassandraTestSupport.rows("SELECT name FROM " + table + " WHERE id = 1234").get(0)[0]).isEqualTo("name-1234");
        assertThat(FailOnceAfter.FAILED.get()).isTrue();
    }

    /** Fails the first attempt of subtask 0 once, after some records; slow enough for checkpoints in between. */
    static final class FailOnceAfter extends RichMapFunction<Long, Row> {
        static final java.util.concurrent.atomic.AtomicBoolean FAILED = new java.util.concurrent.atomic.AtomicBoolean();
        private final long failAt;
        private long seen;

        FailOnceAfter(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Row map(Long id) throws Exception {
            if (++seen % 10 == 0) {
                Thread.sleep(2);
            }
            if (seen == failAt && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                FAILED.set(true);
                throw new IllegalStateException("injected failure after " + failAt + " records");
            }
            return Row.of(id, "name-" + id);
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void declaredPrimaryKeyMustEqualTheTablesKey() {
        String table = CassandraTestSupport.createTable("sql_pk", "id int, part int, v text, PRIMARY KEY (id, part)");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, part INT, v STRING, PRIMARY KEY (id) NOT ENFORCED)" + with(table));
        assertThatThrownBy(() -> await(t.executeSql("INSERT INTO c VALUES (1, 1, 'a')" + CassandraTestSupport.onConflict())))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("declared PRIMARY KEY [id]", "primary key [id, part]", table));
    }

    @Test
    void typeMismatchNamesColumnFlinkTypeAndCqlType() {
        String table = CassandraTestSupport.createTable("sql_types", "id int PRIMARY KEY, v int");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, v STRING)" + with(table));
        assertThatThrownBy(() -> await(t.executeSql("INSERT INTO c VALUES (1, 'x')")))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("Column 'v'", "STRING", "CQL type int"));
    }

    @Test
    void unknownColumnAndUnknownOptionAreRejected() {
        String table = CassandraTestSupport.createTable("sql_cols", "id int PRIMARY KEY, v int");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, nope INT)" + with(table));
        assertThatThrownBy(() -> await(t.executeSql("INSERT INTO c VALUES (1, 2)")))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("Column 'nope' does not exist", table));
        t.executeSql("CREATE TABLE d (id INT)" + with(table, "'sink.batch.max-rowz' = '3'"));
        assertThatThrownBy(() -> t.executeSql("INSERT INTO d VALUES (1)"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("sink.batch.max-rowz"));
    }

    @Test
    void passwordNeverAppearsInPlansOrErrors() {
        String table = CassandraTestSupport.createTable("sql_pw", "id int PRIMARY KEY, v int");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, v INT)" + with(table, "'username' = 'u'", "'password' = 's3cr3t-pw'",
                "'sink.consistency-level' = 'SOMETIMES'"));
        assertThatThrownBy(() -> t.executeSql("INSERT INTO c VALUES (1, 2)"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("Unknown consistency level 'SOMETIMES'")
                        .doesNotContain("s3cr3t-pw"));
        t.executeSql("CREATE TABLE d (id INT, v INT)" + with(table, "'username' = 'u'", "'password' = 's3cr3t-pw'"));
        String plan = t.explainSql("INSERT INTO d VALUES (1, 2)");
        assertThat(plan).contains("default_database.d").doesNotContain("s3cr3t-pw");
    }

    @Test
    void lookupJoinAsyncAndSyncWithCache() throws Exception {
        String table = CassandraTestSupport.createTable("sql_dim", "id int PRIMARY KEY, name text");
        for (int i = 1; i <= 5; i++) {
            CassandraTestSupport.cql("INSERT INTO " + table + " (id, name) VALUES (" + i + ", 'n" + i + "')");
        }
        for (String options : new String[] {"'lookup.async' = 'true'",
                "'lookup.async' = 'false', 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100', "
                        + "'lookup.partial-cache.expire-after-write' = '1 h', 'lookup.partial-cache.cache-missing-key' = 'true'"}) {
            StreamExecutionEnvironment env = env();
            StreamTableEnvironment t = StreamTableEnvironment.create(env);
            t.executeSql("CREATE TABLE dim (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED)" + with(table, options));
            DataStream<Row> probes = env.fromData(new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {Types.INT, Types.INT},
                    new String[] {"oid", "cid"}), Row.of(10, 1), Row.of(11, 3), Row.of(12, 9), Row.of(13, 3));
            t.createTemporaryView("orders", t.fromDataStream(probes,
                    Schema.newBuilder().columnByExpression("pt", "PROCTIME()").build()));
            List<Row> joined = collect(t.sqlQuery("SELECT o.oid, d.name FROM orders AS o "
                    + "LEFT JOIN dim FOR SYSTEM_TIME AS OF o.pt AS d ON o.cid = d.id"));
            List<String> got = new ArrayList<>();
            for (Row r : joined) {
                got.add(r.getField(0) + "=" + r.getField(1));
            }
            assertThat(got).as(options).containsExactlyInAnyOrder("10=n1", "11=n3", "12=null", "13=n3");
        }
    }

    @Test
    void lookupOnANonKeyColumnIsRejected() {
        String table = CassandraTestSupport.createTable("sql_dim_bad", "id int PRIMARY KEY, name text");
        StreamExecutionEnvironment env = env();
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.executeSql("CREATE TABLE dim (id INT, name STRING)" + with(table));
        DataStream<Row> probes = env.fromData(new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {Types.STRING},
                new String[] {"n"}), Row.of("x"));
        t.createTemporaryView("orders", t.fromDataStream(probes, Schema.newBuilder().columnByExpression("pt", "PROCTIME()").build()));
        assertThatThrownBy(() -> t.explainSql("SELECT * FROM orders AS o JOIN dim FOR SYSTEM_TIME AS OF o.pt AS d ON o.n = d.name"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("whole partition key [id]", "[name]"));
    }

    // ------------------------------------------------------------------ scan and push-down

    /** The server's count of local reads of one kind ("read": single-partition, "scan": range) of a table. */
    static long serverReads(String kind, String qualifiedTable) {
        String[] parts = qualifiedTable.split("\\.");
        List<Object[]> rows = CassandraTestSupport.rows("SELECT count FROM system_views.local_" + kind + "_latency "
                + "WHERE keyspace_name = '" + parts[0] + "' AND table_name = '" + parts[1] + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
    }

    /** The statements the server has prepared that read {@code qualifiedTable} (the server's own record). */
    static List<String> preparedOn(String qualifiedTable) {
        List<String> out = new ArrayList<>();
        for (Object[] row : CassandraTestSupport.rows("SELECT query_string FROM system.prepared_statements")) {
            String q = (String) row[0];
            if (q.contains(qualifiedTable + " ") || q.endsWith(qualifiedTable)) {
                out.add(q);
            }
        }
        return out;
    }

    @Test
    void scanPushesProjectionPartitionKeyClusteringRangeAndLimitToTheServer() throws Exception {
        String table = CassandraTestSupport.createTable("sql_scan", "pk int, ck int, v text, w text, PRIMARY KEY (pk, ck)");
        for (int pk = 1; pk <= 4; pk++) {
            for (int ck = 1; ck <= 5; ck++) {
                CassandraTestSupport.cql("INSERT INTO " + table + " (pk, ck, v, w) VALUES (" + pk + ", " + ck + ", 'v" + pk + "-" + ck + "', 'w')");
            }
        }
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE s (pk INT, ck INT, v STRING, w STRING)" + with(table));

        // projection, ring scan
        long scans = serverReads("scan", table);
        List<Row> all = collect(t.sqlQuery("SELECT v FROM s"));
        assertThat(all).hasSize(20);
        assertThat(all.get(0).getArity()).isEqualTo(1);
        assertThat(preparedOn(table)).anySatisfy(q -> assertThat(q).startsWith("SELECT v FROM " + table + " WHERE token(pk) >"));
        assertThat(serverReads("scan", table)).isGreaterThan(scans);

        // partition key IN + clustering range: two single-partition reads, no range scan
        scans = serverReads("scan", table);
        long reads = serverReads("read", table);
        List<String> got = new ArrayList<>();
        for (Row r : collect(t.sqlQuery("SELECT pk, ck, v FROM s WHERE pk IN (1, 3) AND ck >= 4"))) {
            got.add(String.valueOf(r.getField(2)));
        }
        assertThat(got).containsExactlyInAnyOrder("v1-4", "v1-5", "v3-4", "v3-5");
        assertThat(preparedOn(table)).contains("SELECT pk, ck, v FROM " + table + " WHERE pk = ? AND ck >= ?");
        assertThat(serverReads("scan", table)).isEqualTo(scans);
        assertThat(serverReads("read", table) - reads).isEqualTo(2);

        // LIMIT on a single-partition read
        List<Row> limited = collect(t.sqlQuery("SELECT v FROM s WHERE pk = 2 LIMIT 2"));
        assertThat(limited).hasSize(2);
        assertThat(preparedOn(table)).contains("SELECT v FROM " + table + " WHERE pk = ? LIMIT 2");

        // a filter that cannot be pushed stays in Flink
        assertThat(collect(t.sqlQuery("SELECT v FROM s WHERE v = 'v4-1'"))).hasSize(1);
    }

    @Test
    void officialQueryOptionReadsTheRawSelect() throws Exception {
        String table = CassandraTestSupport.createTable("sql_query", "id int PRIMARY KEY, v text");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, v) VALUES (1, 'a')");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, v) VALUES (2, 'b')");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE q (id INT, v STRING) WITH ('connector' = 'cassandra', 'hosts' = '"
                + CassandraTestSupport.server().host() + "', 'port' = '" + CassandraTestSupport.server().nativePort()
                + "', 'query' = 'SELECT id, v FROM " + table + "', 'consistency-level' = 'ONE', "
                + "'read-timeout' = '10000', 'connect-timeout' = '5000', 'max-split-memory-size' = '1048576')");
        List<String> got = new ArrayList<>();
        for (Row r : collect(t.sqlQuery("SELECT v FROM q"))) {
            got.add((String) r.getField(0));
        }
        assertThat(got).containsExactlyInAnyOrder("a", "b");
    }

    // ------------------------------------------------------------------ types and catalog

    @Test
    void everyTypeWrittenBySqlAndReadBackThroughTheCatalog() throws Exception {
        CassandraTestSupport.cql("CREATE TYPE IF NOT EXISTS flink_it.sql_addr (street text, num int)");
        String table = CassandraTestSupport.createTable("sql_types_all", "id int PRIMARY KEY, a ascii, t text, vc varchar, "
                + "bi bigint, i int, si smallint, ti tinyint, f float, d double, b boolean, de decimal, vi varint, "
                + "u uuid, tu timeuuid, ip inet, ts timestamp, dt date, tm time, du duration, bl blob, "
                + "li list<int>, se set<text>, ma map<text, int>, tu2 tuple<int, text>, ad frozen<sql_addr>, "
                + "ve vector<float, 3>, fl frozen<list<int>>");
        StreamTableEnvironment t = tEnv();
        t.executeSql("CREATE TABLE c (id INT, a STRING, t STRING, vc STRING, bi BIGINT, i INT, si SMALLINT, ti TINYINT, "
                + "f FLOAT, d DOUBLE, b BOOLEAN, de DECIMAL(10, 3), vi DECIMAL(38, 0), u STRING, tu STRING, ip STRING, "
                + "ts TIMESTAMP(3), dt DATE, tm TIME(3), du ROW<months INT, days INT, nanoseconds BIGINT>, bl BYTES, "
                + "li ARRAY<INT>, se ARRAY<STRING>, ma MAP<STRING, INT>, tu2 ROW<f0 INT, f1 STRING>, "
                + "ad ROW<street STRING, num INT>, ve ARRAY<FLOAT>, fl ARRAY<INT>, PRIMARY KEY (id) NOT ENFORCED)" + with(table));
        await(t.executeSql("INSERT INTO c VALUES (1, 'asc', 'txt', 'vc', 123456789012, 42, CAST(7 AS SMALLINT), "
                + "CAST(3 AS TINYINT), CAST(1.5 AS FLOAT), 2.25, TRUE, CAST(12.345 AS DECIMAL(10, 3)), "
                + "CAST('123456789012345678901234567890' AS DECIMAL(38, 0)), '123e4567-e89b-12d3-a456-426614174000', "
                + "'50554d6e-29bb-11e5-b345-feff819cdc9f', '127.0.0.1', TIMESTAMP '2024-01-02 03:04:05.678', "
                + "DATE '2024-01-02', TIME '03:04:05', ROW(1, 2, CAST(3000 AS BIGINT)), X'CAFE', ARRAY[1, 2, 3], "
                + "ARRAY['a', 'b'], MAP['k', 1], ROW(5, 'x'), ROW('main st', 9), "
                + "ARRAY[CAST(1.0 AS FLOAT), CAST(2.0 AS FLOAT), CAST(3.0 AS FLOAT)], ARRAY[4, 5])"
                + CassandraTestSupport.onConflict()));

        // the server's view of what was written
        Object[] cql = CassandraTestSupport.rows("SELECT ts, vi, du, ad FROM " + table + " WHERE id = 1").get(0);
        assertThat(cql[0]).isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(cql[1]).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(cql[2]).isEqualTo(org.apache.flink.streaming.connectors.cassandra.CqlDuration.of(1, 2, 3000));

        // read back through the catalog: its types are the mapping's
        t.executeSql("CREATE CATALOG cass WITH ('type' = 'cassandra', 'hosts' = '" + CassandraTestSupport.server().host()
                + "', 'port' = '" + CassandraTestSupport.server().nativePort() + "', 'default-database' = 'flink_it')");
        String name = table.split("\\.")[1];
        assertThat(collect(t.executeSql("SHOW TABLES IN cass.flink_it")).stream().map(r -> (String) r.getField(0)))
                .contains(name);
        assertThat(collect(t.executeSql("SHOW DATABASES IN cass")).stream().map(r -> (String) r.getField(0)))
                .contains("flink_it").doesNotContain("system_schema");
        String schema = t.from("cass.flink_it." + name).getResolvedSchema().toString();
        assertThat(schema).contains("`id` INT NOT NULL", "`de` DECIMAL(38, 18)", "`vi` DECIMAL(38, 0)", "`ts` TIMESTAMP_LTZ(3)",
                "`tm` TIME(0)".equals("") ? "" : "`tm` TIME", "`du` ROW<`months` INT, `days` INT, `nanoseconds` BIGINT>",
                "`ad` ROW<`street` STRING, `num` INT>", "`ve` ARRAY<FLOAT>", "`ma` MAP<STRING, INT>", "PRIMARY KEY (`id`)");
        Row row = collect(t.sqlQuery("SELECT * FROM cass.flink_it." + name)).get(0);
        assertThat(row.getField("a")).isEqualTo("asc");
        assertThat(row.getField("bi")).isEqualTo(123456789012L);
        assertThat(row.getField("si")).isEqualTo((short) 7);
        assertThat(row.getField("ti")).isEqualTo((byte) 3);
        assertThat(row.getField("f")).isEqualTo(1.5f);
        assertThat(row.getField("b")).isEqualTo(true);
        assertThat(row.getField("de").toString()).isEqualTo("12.345000000000000000");
        assertThat(row.getField("vi").toString()).isEqualTo("123456789012345678901234567890");
        assertThat(row.getField("u")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(row.getField("ip")).isEqualTo("127.0.0.1");
        assertThat(row.getField("ts")).isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(row.getField("dt")).isEqualTo(java.time.LocalDate.of(2024, 1, 2));
        assertThat(row.getField("tm")).isEqualTo(java.time.LocalTime.of(3, 4, 5));
        assertThat(row.getField("du")).isEqualTo(Row.of(1, 2, 3000L));
        assertThat((byte[]) row.getField("bl")).containsExactly((byte) 0xCA, (byte) 0xFE);
        assertThat((Integer[]) row.getField("li")).containsExactly(1, 2, 3);
        assertThat((String[]) row.getField("se")).containsExactly("a", "b");
        assertThat(row.getField("ma")).isEqualTo(Map.of("k", 1));
        assertThat(row.getField("tu2")).isEqualTo(Row.of(5, "x"));
        assertThat(row.getField("ad")).isEqualTo(Row.of("main st", 9));
        assertThat((Float[]) row.getField("ve")).containsExactly(1.0f, 2.0f, 3.0f);
        assertThat((Integer[]) row.getField("fl")).containsExactly(4, 5);

        // and written through the catalog without CREATE TABLE
        await(t.executeSql("INSERT INTO cass.flink_it." + name + " (id, a) VALUES (2, 'via-catalog')"
                + CassandraTestSupport.onConflict()));
        assertThat(CassandraTestSupport.rows("SELECT a FROM " + table + " WHERE id = 2").get(0)[0]).isEqualTo("via-catalog");
        assertThatThrownBy(() -> t.executeSql("DROP TABLE cass.flink_it." + name))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("read-only"));
    }
}
