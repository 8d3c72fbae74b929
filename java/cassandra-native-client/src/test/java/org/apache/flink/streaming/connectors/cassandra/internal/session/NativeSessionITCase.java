package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectionException;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidQueryException;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions, prepared statements and the write pipeline against a real Cassandra. */
@ExtendWith(CassandraExtension.class)
class NativeSessionITCase {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static ConnectionSettings settings;

    @BeforeAll
    static void createKeyspace(CassandraTestServer server) {
        settings = ConnectionSettings.builder().addContactPoint(server.host()).port(server.nativePort()).build();
        try (NativeSession session = NativeSession.open(settings)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS it WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
    }

    private static String newTable(NativeSession session) {
        String table = "it.t" + TABLES.incrementAndGet();
        session.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text, tags list<text>)");
        return table;
    }

    @Test
    void preparedWriteAndSelectRoundTripWithColumnMetadata() {
        try (NativeSession session = NativeSession.open(settings)) {
            String table = newTable(session);
            try (NativeStatement insert = session.prepare("INSERT INTO " + table + " (id, name, tags) VALUES (?, ?, ?)");
                    NativeStatement select = session.prepare("SELECT id, name, tags FROM " + table + " WHERE id = ?")) {
                assertThat(insert.metadata().variableTypes())
                        .containsExactly(CqlType.INT, CqlType.VARCHAR, CqlType.list(CqlType.VARCHAR));
                assertThat(insert.metadata().partitionKeyIndexes()).containsExactly(0);
                assertThat(insert.metadata().variables().get(1).qualifiedName()).isEqualTo(table + ".name");

                insert.execute("LOCAL_ONE", 7, "zażółć ✓", Arrays.asList("a", "b"));
                QueryResult result = select.execute("LOCAL_ONE", 7);

                assertThat(result.columns()).extracting(c -> c.name()).containsExactly("id", "name", "tags");
                assertThat(result.rows()).hasSize(1);
                assertThat(result.rows().get(0)).containsExactly(7, "zażółć ✓", Arrays.asList("a", "b"));
            }
        }
    }

    /**
     * The prepared metadata marks only partition-key variables; clustering columns are read from
     * system_schema at prepare time, so a null or unset clustering key fails before sending,
     * naming the column (for INSERT and for UPDATE's WHERE alike, also for a quoted name).
     */
    @Test
    void nullClusteringKeyFailsBeforeSendingNamingTheColumn() {
        try (NativeSession session = NativeSession.open(settings)) {
            String table = "it.ck" + TABLES.incrementAndGet();
            session.execute("CREATE TABLE " + table + " (pk int, ck1 text, \"Ck2\" int, v text, "
                    + "PRIMARY KEY (pk, ck1, \"Ck2\"))");
            try (NativeStatement insert = session.prepare(
                            "INSERT INTO " + table + " (pk, ck1, \"Ck2\", v) VALUES (?, ?, ?, ?)");
                    NativeStatement update = session.prepare(
                            "UPDATE " + table + " SET v = ? WHERE pk = ? AND ck1 = ? AND \"Ck2\" = ?")) {
                insert.execute("LOCAL_ONE", 1, "a", 1, "kept");
                assertThatThrownBy(() -> insert.execute("LOCAL_ONE", 2, "a", null, "x"))
                        .isInstanceOf(CassandraInvalidValueException.class)
                        .hasMessage("Query 'INSERT INTO " + table + " (pk, ck1, \"Ck2\", v) VALUES (?, ?, ?, ?)': column "
                                + table + ".Ck2 is part of the clustering key and cannot be null");
                assertThatThrownBy(() -> update.execute("LOCAL_ONE", "x", 3, null, 1))
                        .isInstanceOf(CassandraInvalidValueException.class)
                        .hasMessageContaining("column " + table + ".ck1 is part of the clustering key and cannot be null");
                assertThat(session.execute("SELECT count(*) FROM " + table).singleValue()).isEqualTo(1L);
            }
        }
    }

    @Test
    void writerSendsEveryRowAndFlushWaitsForThem() {
        try (NativeSession session = NativeSession.open(settings)) {
            String table = newTable(session);
            try (NativeStatement insert = session.prepare("INSERT INTO " + table + " (id, name) VALUES (?, ?)");
                    NativeWriter writer = NativeWriter.create(insert, WriterSettings.builder().maxConcurrentRequests(32).build())) {
                RowBuffer rows = new RowBuffer();
                int total = 5_000;
                for (int i = 0; i < total; i++) {
                    insert.encoder().encodeRow(new Object[] {i, "row-" + i}, rows);
                    if (rows.rowCount() == 500) {
                        writer.submit(rows);
                        rows.clear();
                    }
                }
                writer.submit(rows);
                writer.flush();

                assertThat(writer.metrics().rowsSent()).isEqualTo(total);
                assertThat(writer.metrics().inFlight()).isZero();
                assertThat(session.execute("SELECT count(*) FROM " + table).singleValue()).isEqualTo((long) total);
            }
        }
    }

    @Test
    void invalidQueriesFailWithTheServersReason() {
        try (NativeSession session = NativeSession.open(settings)) {
            assertThatThrownBy(() -> session.prepare("INSERT INTO it.no_such_table (id) VALUES (?)"))
                    .isInstanceOf(CassandraInvalidQueryException.class)
                    .hasMessageContaining("no_such_table");
        }
    }

    @Test
    void equalSettingsShareOneSessionUntilTheLastCloses() {
        int before = NativeSession.openSessionCount();
        NativeSession first = NativeSession.open(settings);
        NativeSession second = NativeSession.open(settings);
        try {
            assertThat(NativeSession.openSessionCount()).isEqualTo(before + 1);
        } finally {
            first.close();
        }
        assertThat(second.execute("SELECT release_version FROM system.local").singleValue()).asString().startsWith("5.0");
        second.close();
        assertThat(NativeSession.openSessionCount()).isEqualTo(before);
        assertThatThrownBy(() -> second.execute("SELECT now() FROM system.local")).hasMessageContaining("closed");
    }

    @Test
    void aClosedPortFailsWithinTheConnectTimeoutNamingTheAddress() {
        int port = CassandraTestServer.freePort("127.0.0.1");
        ConnectionSettings nowhere = ConnectionSettings.builder()
                .addContactPoint("127.0.0.1")
                .port(port)
                .connectTimeoutMillis(1_000)
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> NativeSession.open(nowhere))
                .isInstanceOf(CassandraConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("refused");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).as("refused at once, not a hang").isLessThan(120_000);
    }
}
