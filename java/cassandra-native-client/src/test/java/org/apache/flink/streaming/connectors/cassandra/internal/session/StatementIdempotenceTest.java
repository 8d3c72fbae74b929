package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementIdempotenceTest {

    /** Metadata with one variable per (name, type) pair, all of table ks.t. */
    private static StatementMetadata vars(Object... nameTypePairs) {
        List<ColumnSpec> specs = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            specs.add(new ColumnSpec("ks", "t", (String) nameTypePairs[i], (CqlType) nameTypePairs[i + 1]));
        }
        return new StatementMetadata(new int[0], specs, Collections.emptyList());
    }

    private static String reason(String query, StatementMetadata metadata) {
        return StatementIdempotence.nonIdempotentReason(query, metadata);
    }

    @Test
    void plainInsertsUpdatesAndDeletesAreIdempotent() {
        assertThat(StatementIdempotence.isIdempotent("INSERT INTO ks.t (id, v) VALUES (?, ?)",
                vars("id", CqlType.INT, "v", CqlType.TEXT))).isTrue();
        assertThat(StatementIdempotence.isIdempotent("UPDATE ks.t USING TTL 60 SET v = ?, w = 'x' WHERE id = ?",
                vars("v", CqlType.TEXT, "id", CqlType.INT))).isTrue();
        assertThat(StatementIdempotence.isIdempotent("DELETE FROM ks.t WHERE id = ?", vars("id", CqlType.INT)))
                .isTrue();
        assertThat(StatementIdempotence.isIdempotent(
                "INSERT INTO ks.t (id, u) VALUES (1, 50554d6e-29bb-11e5-b345-feff819cdc9f)", vars())).isTrue();
        assertThat(StatementIdempotence.isIdempotent("UPDATE ks.t SET l[?] = ? WHERE id = ?",
                vars("idx(l)", CqlType.INT, "l", CqlType.INT, "id", CqlType.INT))).isTrue();
    }

    @Test
    void counterUpdatesBoundOrLiteralAreNot() {
        assertThat(reason("UPDATE ks.t SET c = c + ? WHERE id = ?", vars("c", CqlType.COUNTER, "id", CqlType.INT)))
                .contains("counter column c");
        assertThat(reason("UPDATE ks.t SET c = c + 1 WHERE id = ?", vars("id", CqlType.INT)))
                .contains("counter column c");
        assertThat(reason("UPDATE ks.t SET hits=hits-1 WHERE id = ?", vars("id", CqlType.INT)))
                .contains("counter column hits");
        assertThat(reason("UPDATE ks.t SET \"Hits\" = \"Hits\" + 2 WHERE id = ?", vars("id", CqlType.INT)))
                .contains("counter column Hits");
        assertThat(reason("BEGIN COUNTER BATCH UPDATE ks.t SET c = c + ? WHERE id = ?; APPLY BATCH",
                vars("c", CqlType.BIGINT, "id", CqlType.INT))).isNotNull();
    }

    @Test
    void listAppendsAndPrependsAreNotButSetAndMapAdditionsAndRemovalsAre() {
        CqlType list = CqlType.list(CqlType.INT);
        assertThat(reason("UPDATE ks.t SET l = l + ? WHERE id = ?", vars("l", list, "id", CqlType.INT)))
                .contains("appends to list column l");
        assertThat(reason("UPDATE ks.t SET l = ? + l WHERE id = ?", vars("l", list, "id", CqlType.INT)))
                .contains("prepends to list column l");
        assertThat(reason("UPDATE ks.t SET l = l + [1, 2] WHERE id = ?", vars("id", CqlType.INT)))
                .contains("appends to list column l");
        assertThat(reason("UPDATE ks.t SET l = [1, 2] + l WHERE id = ?", vars("id", CqlType.INT)))
                .contains("prepends to list column l");
        assertThat(reason("UPDATE ks.t SET l = :items + l WHERE id = :id", vars("l", list, "id", CqlType.INT)))
                .contains("prepends to list column l");
        assertThat(reason("UPDATE ks.t SET v = ?, l = l + ? WHERE id = ?",
                vars("v", CqlType.TEXT, "l", list, "id", CqlType.INT))).contains("list column l");

        assertThat(reason("UPDATE ks.t SET s = s + ? WHERE id = ?",
                vars("s", CqlType.set(CqlType.INT), "id", CqlType.INT))).isNull();
        assertThat(reason("UPDATE ks.t SET m = m + ? WHERE id = ?",
                vars("m", CqlType.map(CqlType.TEXT, CqlType.INT), "id", CqlType.INT))).isNull();
        assertThat(reason("UPDATE ks.t SET s = s + {1, 2}, m = m + {'a': 1} WHERE id = ?", vars("id", CqlType.INT)))
                .isNull();
        assertThat(reason("UPDATE ks.t SET l = l - ? WHERE id = ?", vars("l", list, "id", CqlType.INT))).isNull();
        assertThat(reason("UPDATE ks.t SET l = l - [1] WHERE id = ?", vars("id", CqlType.INT))).isNull();
        // An addition whose operand type is unknown could be an append: not retried.
        assertThat(reason("UPDATE ks.t SET x = x + ? WHERE id = ?", null)).isNotNull();
    }

    @Test
    void lightweightTransactionsAreNot() {
        assertThat(reason("INSERT INTO ks.t (id, v) VALUES (?, ?) IF NOT EXISTS", vars("id", CqlType.INT, "v", CqlType.INT)))
                .contains("IF");
        assertThat(reason("DELETE FROM ks.t WHERE id = ? IF EXISTS", vars("id", CqlType.INT))).contains("IF");
        assertThat(reason("UPDATE ks.t SET v = ? WHERE id = ? if v = ?",
                vars("v", CqlType.INT, "id", CqlType.INT, "v", CqlType.INT))).contains("IF");
    }

    @Test
    void nonDeterministicFunctionsAreNot() {
        for (String f : new String[] {"now()", "uuid()", "currentTimestamp()", "currentdate()", "CURRENTTIME()",
                "currentTimeUUID()", "toTimestamp(now())", "system.now()", "now ( )"}) {
            assertThat(reason("INSERT INTO ks.t (id, v) VALUES (?, " + f + ")", vars("id", CqlType.INT)))
                    .as(f)
                    .contains("non-deterministic function");
        }
        assertThat(reason("UPDATE ks.t SET v = uuid() WHERE id = ?", vars("id", CqlType.INT))).contains("uuid()");
    }

    @Test
    void literalsQuotedNamesAndCommentsDoNotCount() {
        assertThat(reason("INSERT INTO ks.t (id, v) VALUES (?, 'now() IF c = c + 1')", vars("id", CqlType.INT)))
                .isNull();
        assertThat(reason("INSERT INTO ks.t (id, v) VALUES (?, 'it''s now()')", vars("id", CqlType.INT))).isNull();
        assertThat(reason("INSERT INTO ks.t (id, v) VALUES (?, $$ uuid() $$)", vars("id", CqlType.INT))).isNull();
        assertThat(reason("INSERT INTO ks.t (id, \"if\", \"now\") VALUES (?, ?, ?)",
                vars("id", CqlType.INT, "if", CqlType.INT, "now", CqlType.INT))).isNull();
        assertThat(reason("INSERT INTO ks.t (id, v) VALUES (?, ?) -- IF NOT EXISTS\n", vars("id", CqlType.INT, "v", CqlType.INT)))
                .isNull();
        assertThat(reason("INSERT INTO ks.t (id, v) /* now() */ VALUES (?, ?) // uuid()", vars("id", CqlType.INT, "v", CqlType.INT)))
                .isNull();
        assertThat(reason("UPDATE ks.t SET now = ?, uuid = ? WHERE id = ?",
                vars("now", CqlType.INT, "uuid", CqlType.UUID, "id", CqlType.INT))).isNull();
        // but a real call next to a literal still counts
        assertThat(reason("INSERT INTO ks.t (id, v, w) VALUES (?, 'now()', now())", vars("id", CqlType.INT)))
                .contains("now()");
    }
}
