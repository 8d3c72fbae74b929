package org.apache.flink.streaming.connectors.cassandra.datastax;

import com.datastax.driver.core.BoundStatement;
import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ColumnMetadata;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.DataType;
import com.datastax.driver.core.KeyspaceMetadata;
import com.datastax.driver.core.LocalDate;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import com.datastax.driver.core.TableMetadata;
import com.datastax.driver.core.TupleValue;
import com.datastax.driver.core.UDTValue;
import com.datastax.driver.core.exceptions.InvalidTypeException;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidQueryException;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DataStax 3.x {@code Session} API as user code writes it ({@code com.datastax.driver.core}
 * imports only), against a real Cassandra.
 */
@ExtendWith(CassandraExtension.class)
class DataStaxSessionITCase {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Cluster cluster;

    @BeforeAll
    static void connect(CassandraTestServer server) {
        cluster = Cluster.builder()
                .addContactPoint(server.host())
                .withPort(server.nativePort())
                .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.ONE))
                .build();
        try (Session session = cluster.connect()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS ds WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TYPE IF NOT EXISTS ds.address (street text, zip int)");
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static String table() {
        return "ds.t" + TABLES.incrementAndGet();
    }

    @Test
    void everyCqlTypeRoundTripsThroughBoundStatementsAndRowGetters() throws Exception {
        String table = table();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, a ascii, b bigint, bl blob, bo boolean,"
                    + " de decimal, d double, f float, i inet, s smallint, t text, ti time, ts timestamp,"
                    + " tu timeuuid, tn tinyint, u uuid, v varint, da date, du duration, l list<int>, st set<text>,"
                    + " m map<text, int>, tup tuple<int, text>, addr frozen<address>)");
            UUID timeuuid = UUID.fromString("f9ec3a5e-ac4b-11ee-a506-0242ac120002");
            UUID uuid = UUID.randomUUID();
            Date timestamp = new Date(1_700_000_000_123L);
            long nanos = LocalTime.of(13, 14, 15, 16).toNanoOfDay();
            LocalDate date = LocalDate.fromYearMonthDay(2024, 2, 29);
            InetAddress inet = InetAddress.getByName("2001:db8::1");
            Map<String, Integer> map = new LinkedHashMap<>();
            map.put("x", 1);
            map.put("y", 2);
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("street", "Main");
            address.put("zip", 12345);

            PreparedStatement insert = session.prepare("INSERT INTO " + table
                    + " (id, a, b, bl, bo, de, d, f, i, s, t, ti, ts, tu, tn, u, v, da, du, l, st, m, tup, addr)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            session.execute(insert.bind(1, "ascii", 42L, ByteBuffer.wrap(new byte[] {1, 2, 3}), true,
                    new BigDecimal("12.345"), 1.5d, 2.5f, inet, (short) 7, "zażółć ✓", nanos, timestamp, timeuuid,
                    (byte) 3, uuid, new BigInteger("123456789012345678901234567890"), date,
                    CqlDuration.of(1, 2, 3_000_000_000L), Arrays.asList(1, 2, 3),
                    new LinkedHashSet<>(Arrays.asList("p", "q")), map, new Object[] {5, "five"}, address));
            session.execute("INSERT INTO " + table + " (id) VALUES (2)");

            Row row = session.execute("SELECT * FROM " + table + " WHERE id = ?", 1).one();
            assertThat(row.getString("a")).isEqualTo("ascii");
            assertThat(row.getLong("b")).isEqualTo(42L);
            assertThat(row.getBytes("bl")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(row.getBool("bo")).isTrue();
            assertThat(row.getDecimal("de")).isEqualTo(new BigDecimal("12.345"));
            assertThat(row.getDouble("d")).isEqualTo(1.5d);
            assertThat(row.getFloat("f")).isEqualTo(2.5f);
            assertThat(row.getInet("i")).isEqualTo(inet);
            assertThat(row.getShort("s")).isEqualTo((short) 7);
            assertThat(row.getString("t")).isEqualTo("zażółć ✓");
            assertThat(row.getTime("ti")).isEqualTo(nanos);
            assertThat(row.getTimestamp("ts")).isEqualTo(timestamp);
            assertThat(row.getUUID("tu")).isEqualTo(timeuuid);
            assertThat(row.getByte("tn")).isEqualTo((byte) 3);
            assertThat(row.getUUID("u")).isEqualTo(uuid);
            assertThat(row.getVarint("v")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(row.getDate("da")).isEqualTo(date);
            assertThat(row.getObject("du")).isEqualTo(CqlDuration.of(1, 2, 3_000_000_000L));
            assertThat(row.getList("l", Integer.class)).containsExactly(1, 2, 3);
            assertThat(row.getSet("st", String.class)).containsExactly("p", "q");
            assertThat(row.getMap("m", String.class, Integer.class)).containsExactlyEntriesOf(map);
            TupleValue tuple = row.getTupleValue("tup");
            assertThat(tuple.getInt(0)).isEqualTo(5);
            assertThat(tuple.getString(1)).isEqualTo("five");
            UDTValue udt = row.getUDTValue("addr");
            assertThat(udt.getString("street")).isEqualTo("Main");
            assertThat(udt.getInt("zip")).isEqualTo(12345);
            // By index, as the driver's getObject types, and through java.time.
            int id = row.getColumnDefinitions().getIndexOf("id");
            assertThat(row.getInt(id)).isEqualTo(1);
            assertThat(row.getObject("ts")).isEqualTo(timestamp);
            assertThat(row.getObject("ti")).isEqualTo(nanos);
            assertThat(row.get("da", java.time.LocalDate.class)).isEqualTo(java.time.LocalDate.of(2024, 2, 29));
            assertThat(row.getColumnDefinitions().getType("m").getName()).isEqualTo(DataType.Name.MAP);

            // A read value binds again: a TupleValue, a UDTValue, a driver LocalDate.
            session.execute("UPDATE " + table + " SET tup = ?, addr = ?, da = ? WHERE id = 2",
                    tuple, udt, date);
            Row copied = session.execute("SELECT tup, addr, da FROM " + table + " WHERE id = 2").one();
            assertThat(copied.getTupleValue(0)).isEqualTo(tuple);
            assertThat(copied.getUDTValue(1)).isEqualTo(udt);
            assertThat(copied.getDate(2)).isEqualTo(date);

            Row nulls = session.execute("SELECT id, b, bo, l, m, t FROM " + table + " WHERE id = 2").one();
            assertThat(nulls.isNull("b")).isTrue();
            assertThat(nulls.getLong("b")).isZero();
            assertThat(nulls.getBool("bo")).isFalse();
            assertThat(nulls.getList("l", Integer.class)).isEmpty();
            assertThat(nulls.getMap("m", String.class, Integer.class)).isEmpty();
            assertThat(nulls.getString("t")).isNull();
            assertThat(nulls.isNull("id")).isFalse();
        }
    }

    @Test
    void wrongJavaTypeNamesColumnAndTypes() {
        String table = table();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, l list<text>)");
            session.execute("INSERT INTO " + table + " (id, l) VALUES (1, ['a'])");
            Row row = session.execute("SELECT id, l FROM " + table).one();
            assertThatThrownBy(() -> row.getString("id"))
                    .isInstanceOf(InvalidTypeException.class)
                    .hasMessageContaining("column id is of CQL type int")
                    .hasMessageContaining("String");
            assertThatThrownBy(() -> row.getList("l", Integer.class))
                    .isInstanceOf(InvalidTypeException.class)
                    .hasMessageContaining("column l")
                    .hasMessageContaining("java.lang.Integer");
            assertThatThrownBy(() -> row.getInt("nope")).hasMessageContaining("nope is not a column");
        }
    }

    @Test
    void iterationFetchesEveryPageBeyondTheFetchSize() {
        String table = table();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE " + table + " (pk int, ck int, PRIMARY KEY (pk, ck))");
            PreparedStatement insert = session.prepare("INSERT INTO " + table + " (pk, ck) VALUES (?, ?)");
            for (int i = 0; i < 25; i++) {
                session.execute(insert.bind(i % 3, i));
            }
            // Unprepared.
            ResultSet unprepared = session.execute(new SimpleStatement("SELECT ck FROM " + table).setFetchSize(10));
            assertThat(unprepared.getAvailableWithoutFetching()).isEqualTo(10);
            assertThat(unprepared.isFullyFetched()).isFalse();
            List<Integer> seen = new ArrayList<>();
            for (Row row : unprepared) {
                seen.add(row.getInt("ck"));
            }
            assertThat(seen).hasSize(25).doesNotHaveDuplicates();
            assertThat(unprepared.isFullyFetched()).isTrue();
            assertThat(unprepared.isExhausted()).isTrue();
            assertThat(unprepared.one()).isNull();

            // Prepared with a bind value, via all().
            BoundStatement bound = session.prepare("SELECT ck FROM " + table + " WHERE pk = ?").bind(0);
            bound.setFetchSize(3);
            ResultSet prepared = session.execute(bound);
            assertThat(prepared.getAvailableWithoutFetching()).isEqualTo(3);
            assertThat(prepared.all()).extracting(r -> r.getInt(0))
                    .containsExactly(0, 3, 6, 9, 12, 15, 18, 21, 24);
        }
    }

    @Test
    void boundStatementsBindByNameAndLeaveUnsetColumnsUntouched() {
        String table = table();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text, n int)");
            PreparedStatement insert = session.prepare("INSERT INTO " + table + " (id, name, n) VALUES (?, ?, ?)");
            assertThat(session.prepare("INSERT INTO " + table + " (id, name, n) VALUES (?, ?, ?)")).isSameAs(insert);
            assertThat(insert.getVariables().getName(1)).isEqualTo("name");
            session.execute(insert.bind().setInt("id", 1).setString("name", "first").setInt("n", 10));
            BoundStatement partial = insert.bind(1, "second");
            assertThat(partial.isSet("n")).isFalse();
            session.execute(partial);
            Row row = session.execute("SELECT name, n FROM " + table + " WHERE id = 1").one();
            assertThat(row.getString("name")).isEqualTo("second");
            assertThat(row.getInt("n")).isEqualTo(10);

            session.execute(insert.bind(2, null, 20).setConsistencyLevel(ConsistencyLevel.ALL));
            assertThat(session.execute("SELECT name FROM " + table + " WHERE id = 2").one().isNull(0)).isTrue();
        }
    }

    @Test
    void executeAsyncCompletesAFutureAndCompletionStage() throws Exception {
        String table = table();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
            List<ResultSetFuture> writes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                writes.add(session.executeAsync("INSERT INTO " + table + " (id) VALUES (?)", i));
            }
            CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            CompletableFuture<Integer> count = session.executeAsync("SELECT id FROM " + table)
                    .thenApply(rs -> rs.all().size());
            assertThat(count.get(60, TimeUnit.SECONDS)).isEqualTo(20);
            assertThat(session.executeAsync("SELECT count(*) FROM " + table).getUninterruptibly(60, TimeUnit.SECONDS)
                            .one().getLong(0))
                    .isEqualTo(20L);

            ResultSetFuture failed = session.executeAsync("SELECT nope FROM " + table);
            assertThatThrownBy(() -> failed.get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(CassandraInvalidQueryException.class);
            assertThatThrownBy(failed::getUninterruptibly)
                    .isInstanceOf(CassandraInvalidQueryException.class)
                    .hasMessageContaining("SELECT nope FROM " + table);
        }
    }

    @Test
    void badQueryFailsNamingTheQuery() {
        try (Session session = cluster.connect()) {
            assertThatThrownBy(() -> session.execute("SELECT * FROM ds.no_such_table"))
                    .isInstanceOf(CassandraInvalidQueryException.class)
                    .hasMessageContaining("SELECT * FROM ds.no_such_table");
            assertThatThrownBy(() -> session.prepare("SELEKT 1"))
                    .isInstanceOf(CassandraInvalidQueryException.class)
                    .hasMessageContaining("SELEKT 1");
        }
    }

    @Test
    void keyspaceOfConnectAndUseAppliesToThisSessionOnly() {
        try (Session plain = cluster.connect();
                Session inKeyspace = cluster.connect("ds")) {
            String table = "k" + TABLES.incrementAndGet();
            inKeyspace.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
            inKeyspace.execute("INSERT INTO " + table + " (id) VALUES (?)", 1);
            assertThat(inKeyspace.getLoggedKeyspace()).isEqualTo("ds");
            assertThat(inKeyspace.execute("SELECT id FROM " + table).one().getInt(0)).isEqualTo(1);
            assertThatThrownBy(() -> plain.execute("SELECT id FROM " + table))
                    .isInstanceOf(CassandraInvalidQueryException.class);

            plain.execute("USE ds");
            assertThat(plain.getLoggedKeyspace()).isEqualTo("ds");
            assertThat(plain.execute("SELECT id FROM " + table).one().getInt(0)).isEqualTo(1);
            try (Session other = cluster.connect()) {
                assertThatThrownBy(() -> other.execute("SELECT id FROM " + table))
                        .isInstanceOf(CassandraInvalidQueryException.class);
            }
        }
        assertThatThrownBy(() -> cluster.connect("no_such_keyspace"))
                .hasMessageContaining("no_such_keyspace");
    }

    @Test
    void conditionalWritesReportWhetherTheyWereApplied() {
        String table = table();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
            assertThat(session.execute("INSERT INTO " + table + " (id, v) VALUES (1, 'a') IF NOT EXISTS").wasApplied())
                    .isTrue();
            ResultSet second = session.execute("INSERT INTO " + table + " (id, v) VALUES (1, 'b') IF NOT EXISTS");
            assertThat(second.wasApplied()).isFalse();
            assertThat(session.execute("UPDATE " + table + " SET v = 'c' WHERE id = 1").wasApplied()).isTrue();
        }
    }

    @Test
    void metadataDescribesACreatedTable() {
        String table = "m" + TABLES.incrementAndGet();
        try (Session session = cluster.connect()) {
            session.execute("CREATE TABLE ds." + table + " (a int, b text, c timestamp, d bigint, \"Quoted\" int,"
                    + " e frozen<list<text>>, f map<text, int>, s text static,"
                    + " PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c DESC, d ASC)");
        }
        KeyspaceMetadata keyspace = cluster.getMetadata().getKeyspace("DS");
        assertThat(keyspace.getName()).isEqualTo("ds");
        assertThat(keyspace.getReplication()).containsEntry("replication_factor", "1");
        TableMetadata metadata = keyspace.getTable(table);
        assertThat(keyspace.getTables()).extracting(TableMetadata::getName).contains(table);
        assertThat(metadata.getPartitionKey()).extracting(ColumnMetadata::getName).containsExactly("a", "b");
        assertThat(metadata.getClusteringColumns()).extracting(ColumnMetadata::getName).containsExactly("c", "d");
        assertThat(metadata.getClusteringOrder())
                .containsExactly(TableMetadata.Order.DESC, TableMetadata.Order.ASC);
        assertThat(metadata.getPrimaryKey()).extracting(ColumnMetadata::getName).containsExactly("a", "b", "c", "d");
        assertThat(metadata.getColumns()).extracting(ColumnMetadata::getName)
                .containsExactly("a", "b", "c", "d", "Quoted", "e", "f", "s");
        assertThat(metadata.getColumn("c").getType().getName()).isEqualTo(DataType.Name.TIMESTAMP);
        assertThat(metadata.getColumn("\"Quoted\"").getType()).isEqualTo(DataType.cint());
        assertThat(metadata.getColumn("quoted")).isNull();
        DataType e = metadata.getColumn("e").getType();
        assertThat(e.getName()).isEqualTo(DataType.Name.LIST);
        assertThat(e.isFrozen()).isTrue();
        assertThat(e.getTypeArguments()).containsExactly(DataType.text());
        assertThat(metadata.getColumn("f").getType()).isEqualTo(DataType.map(DataType.text(), DataType.cint()));
        assertThat(metadata.getColumn("s").isStatic()).isTrue();
        assertThat(cluster.getMetadata().getKeyspace("no_such_keyspace")).isNull();
    }

    @Test
    void closedSessionsAndClusterRefuseWork() {
        Session session = cluster.connect();
        session.close();
        session.close();
        assertThat(session.isClosed()).isTrue();
        assertThatThrownBy(() -> session.execute("SELECT now() FROM system.local"))
                .hasMessageContaining("closed");

        Cluster other = Cluster.builder().addContactPoint(cluster.connectionSettings().contactPoints().get(0))
                .withPort(cluster.connectionSettings().port()).build();
        Session open = other.connect();
        Set<String> seen = new LinkedHashSet<>();
        for (Row row : open.execute("SELECT release_version FROM system.local")) {
            seen.add(row.getString(0));
        }
        assertThat(seen).hasSize(1);
        other.close();
        assertThat(open.isClosed()).isTrue();
        assertThatThrownBy(other::connect).hasMessageContaining("closed");
    }
}
