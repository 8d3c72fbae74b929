package org.apache.flink.connector.cassandra.table;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.collect;
import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.preparedOn;
import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.serverReads;
import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Readable metadata, LIMIT on ring scans and the lookup cache, against the real server. */
class CassandraTableReadITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final long MICROS_1 = 1714521600000123L;
    private static final long MICROS_2 = 1714521600000456L;
    private static final long MICROS_W = 1714521600999000L;

    private static Instant micros(long us) {
        return Instant.ofEpochSecond(us / 1_000_000L, (us % 1_000_000L) * 1000L);
    }

    @Test
    void writetimeAndTtlOfChosenColumnsAreReadableMetadata() throws Exception {
        String table = CassandraTestSupport.createTable("sql_meta", "id int PRIMARY KEY, v text, w int");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, v, w) VALUES (1, 'a', 10) USING TTL 3600 AND TIMESTAMP " + MICROS_1);
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, v) VALUES (2, 'b') USING TIMESTAMP " + MICROS_2);
        CassandraTestSupport.cql("UPDATE " + table + " USING TIMESTAMP " + MICROS_W + " SET w = 20 WHERE id = 2");
        StreamTableEnvironment t = CassandraTableITCase.tEnv();
        t.executeSql("CREATE TABLE m (id INT, v STRING, "
                + "v_written TIMESTAMP_LTZ(6) METADATA FROM 'writetime:v' VIRTUAL, "
                + "v_ttl INT METADATA FROM 'ttl:v' VIRTUAL, "
                + "w_written TIMESTAMP_LTZ(6) METADATA FROM 'writetime:w' VIRTUAL)" + with(table));

        // ring scan
        Map<Integer, Row> byId = new HashMap<>();
        for (Row r : collect(t.sqlQuery("SELECT id, v_written, v_ttl, w_written FROM m"))) {
            byId.put((Integer) r.getField(0), r);
        }
        assertThat(byId).hasSize(2);
        assertThat(byId.get(1).getField(1)).isEqualTo(micros(MICROS_1));
        // the remaining TTL: at most what was written, and the test does not take 10 minutes
        assertThat((Integer) byId.get(1).getField(2)).isBetween(3000, 3600);
        assertThat(byId.get(1).getField(3)).isEqualTo(micros(MICROS_1));
        assertThat(byId.get(2).getField(1)).isEqualTo(micros(MICROS_2));
        assertThat(byId.get(2).getField(2)).isNull(); // written without a TTL
        assertThat(byId.get(2).getField(3)).isEqualTo(micros(MICROS_W));
        assertThat(preparedOn(table)).anySatisfy(q -> assertThat(q)
                .startsWith("SELECT id, ").contains("WRITETIME(v)", "TTL(v)", "WRITETIME(w)").contains("WHERE token(id) >"));

        // a single-partition read carries them too
        List<Row> one = collect(t.sqlQuery("SELECT v, w_written FROM m WHERE id = 2"));
        assertThat(one).hasSize(1);
        assertThat(one.get(0).getField(0)).isEqualTo("b");
        assertThat(one.get(0).getField(1)).isEqualTo(micros(MICROS_W));
        assertThat(preparedOn(table)).contains("SELECT v, WRITETIME(w) FROM " + table + " WHERE id = ?");

        // a key column has no write time: Flink rejects the key, listing the readable ones
        t.executeSql("CREATE TABLE bad (id INT, k_written TIMESTAMP_LTZ(6) METADATA FROM 'writetime:id' VIRTUAL)" + with(table));
        assertThatThrownBy(() -> t.explainSql("SELECT * FROM bad"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("writetime:id", "ttl:w"));
    }

    @Test
    void limitOnARingScanReadsAtMostThatManyRowsPerSplit() throws Exception {
        String table = CassandraTestSupport.createTable("sql_ring_limit", "pk int PRIMARY KEY, v text");
        for (int pk = 1; pk <= 40; pk++) {
            CassandraTestSupport.cql("INSERT INTO " + table + " (pk, v) VALUES (" + pk + ", 'v" + pk + "')");
        }
        StreamTableEnvironment t = CassandraTableITCase.tEnv();
        t.executeSql("CREATE TABLE r (pk INT, v STRING)" + with(table));
        List<Row> limited = collect(t.sqlQuery("SELECT v FROM r LIMIT 3"));
        assertThat(limited).hasSize(3);
        // the server prepared the token-range query with the limit: no split reads more than 3 rows
        assertThat(preparedOn(table)).contains("SELECT v FROM " + table + " WHERE token(pk) > ? AND token(pk) <= ? LIMIT 3");
        assertThat(preparedOn(table)).noneSatisfy(q -> assertThat(q).isEqualTo(
                "SELECT v FROM " + table + " WHERE token(pk) > ? AND token(pk) <= ?"));
        // without LIMIT every row is read
        assertThat(collect(t.sqlQuery("SELECT v FROM r"))).hasSize(40);
    }

    /** Passes probes through; on its marker rows updates Cassandra or waits past the cache's expiry. */
    static final class Actions implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String table;
        private final long waitMillis;

        Actions(String table, long waitMillis) {
            this.table = table;
            this.waitMillis = waitMillis;
        }

        @Override
        public Row map(Row probe) throws Exception {
            String action = (String) probe.getField(2);
            if (action.equals("update")) {
                CassandraTestSupport.cql("UPDATE " + table + " SET name = 'new' WHERE id = 1");
            } else if (action.equals("expire")) {
                Thread.sleep(waitMillis); // longer than expire-after-write: the cached row is gone
            }
            return Row.of(probe.getField(0), probe.getField(1));
        }
    }

    @Test
    void partialCacheServesHitsExpiresAfterWriteAndCachesMissingKeysWhenAsked() throws Exception {
        for (boolean cacheMissing : new boolean[] {true, false}) {
            String table = CassandraTestSupport.createTable("sql_cache", "id int PRIMARY KEY, name text");
            CassandraTestSupport.cql("INSERT INTO " + table + " (id, name) VALUES (1, 'old')");
            StreamExecutionEnvironment env = CassandraTableITCase.env();
            env.setParallelism(1); // one chain: probes are looked up in order, one at a time
            StreamTableEnvironment t = StreamTableEnvironment.create(env);
            t.executeSql("CREATE TABLE dim (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED)" + with(table,
                    "'lookup.async' = 'false'", "'lookup.cache' = 'PARTIAL'", "'lookup.partial-cache.max-rows' = '100'",
                    "'lookup.partial-cache.expire-after-write' = '15 s'",
                    "'lookup.partial-cache.cache-missing-key' = '" + cacheMissing + "'"));
            RowTypeInfo probeType = new RowTypeInfo(new TypeInformation<?>[] {Types.INT, Types.INT, Types.STRING},
                    new String[] {"seq", "id", "action"});
            DataStream<Row> probes = env.fromData(probeType,
                    Row.of(1, 1, ""), Row.of(2, 9, ""), Row.of(3, 9, ""), Row.of(4, 1, ""),
                    Row.of(5, 1, "update"), Row.of(6, 1, "expire"))
                    .map(new Actions(table, 16_000)) // probes 1-5 run well within the 15 s; 6 waits past it
                    .returns(new RowTypeInfo(new TypeInformation<?>[] {Types.INT, Types.INT}, new String[] {"seq", "id"}));
            t.createTemporaryView("probes", t.fromDataStream(probes,
                    Schema.newBuilder().columnByExpression("pt", "PROCTIME()").build()));
            long reads = serverReads("read", table);
            List<String> got = new ArrayList<>();
            for (Row r : collect(t.sqlQuery("SELECT p.seq, d.name FROM probes AS p "
                    + "LEFT JOIN dim FOR SYSTEM_TIME AS OF p.pt AS d ON p.id = d.id"))) {
                got.add(r.getField(0) + "=" + r.getField(1));
            }
            // 5: updated in Cassandra, still 'old' from the cache; 6: after the expiry, read again
            assertThat(got).as("cache-missing-key %s", cacheMissing)
                    .containsExactly("1=old", "2=null", "3=null", "4=old", "5=old", "6=new");
            // lookups reaching Cassandra: key 1 twice (first, after expiry), key 9 once or twice
            assertThat(serverReads("read", table) - reads).as("cache-missing-key %s", cacheMissing)
                    .isEqualTo(cacheMissing ? 3 : 4);
        }
    }
}
