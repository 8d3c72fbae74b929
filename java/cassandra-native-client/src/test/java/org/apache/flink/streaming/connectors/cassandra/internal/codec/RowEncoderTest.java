package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowEncoderTest {
    private static final String QUERY = "INSERT INTO ks.t (id, name, age, tags) VALUES (?, ?, ?, ?)";

    private static RowEncoder encoder() {
        StatementMetadata m = new StatementMetadata(new int[] {0},
                Arrays.asList(new ColumnSpec("ks", "t", "id", CqlType.UUID),
                        new ColumnSpec("ks", "t", "name", CqlType.TEXT),
                        new ColumnSpec("ks", "t", "age", CqlType.INT),
                        new ColumnSpec("ks", "t", "tags", CqlType.list(CqlType.INT))),
                Collections.emptyList());
        return new RowEncoder(QUERY, m);
    }

    @Test
    void encodesRows() {
        RowEncoder e = encoder();
        RowBuffer rb = new RowBuffer(16);
        java.util.UUID id = new java.util.UUID(1, 2);
        e.encodeRow(new Object[] {id, "ann", 30, Arrays.asList(1, 2)}, rb);
        e.encodeRow(new Object[] {id, null, CqlCodec.UNSET, null}, rb);
        ByteBuffer b = rb.finish();
        RowReader r = new RowReader(b);
        assertThat(r.rowCount()).isEqualTo(2);
        assertThat(r.nextRowValues(e.metadata().variableTypes()))
                .containsExactly(id, "ann", 30, Arrays.asList(1, 2));
        assertThat(r.nextRow()).isTrue();
        assertThat(r.length(1)).isEqualTo(-1);
        assertThat(r.length(2)).isEqualTo(-2);
        assertThat(e.arity()).isEqualTo(4);
    }

    @Test
    void arityError() {
        assertThatThrownBy(() -> encoder().encodeRow(new Object[] {1}, new RowBuffer()))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Query '" + QUERY + "' expects 4 values (id, name, age, tags) but got 1");
    }

    @Test
    void nullPartitionKeyError() {
        assertThatThrownBy(() -> encoder().encodeRow(new Object[] {null, "a", 1, null}, new RowBuffer()))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Query '" + QUERY + "': column ks.t.id is part of the partition key and cannot be null");
        assertThatThrownBy(() -> encoder().encodeRow(new Object[] {CqlCodec.UNSET, "a", 1, null}, new RowBuffer()))
                .hasMessageEndingWith("cannot be unset");
    }

    @Test
    void typeErrorNamesQueryColumnAndTypes() {
        CqlCodecTest.withValuesShown(RowEncoderTest::typeErrorNamesQueryColumnTypesAndValues);
    }

    /** By default the message names query, column and types but no part of the value. */
    @Test
    void typeErrorHidesTheValueByDefault() {
        assertThatThrownBy(() -> encoder().encodeRow(
                        new Object[] {new java.util.UUID(1, 2), "a", "secret-abc", null}, new RowBuffer()))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Cannot write java.lang.String to column ks.t.age of CQL type int in query '"
                        + QUERY + "': expected Integer, Short or Byte");
        assertThatThrownBy(() -> encoder().encodeRow(
                        new Object[] {new java.util.UUID(1, 2), "a", 1, Arrays.asList(1, "secret")}, new RowBuffer()))
                .hasMessage("Cannot write java.util.Arrays$ArrayList to column ks.t.tags of CQL type list<int> in query '"
                        + QUERY + "': element 1: cannot write java.lang.String as int: expected Integer, Short or Byte");
    }

    private static final String CK_QUERY = "INSERT INTO ks.c (pk, ck1, ck2, v) VALUES (?, ?, ?, ?)";

    private static RowEncoder clusteredEncoder() {
        StatementMetadata m = new StatementMetadata(new int[] {0},
                Arrays.asList(new ColumnSpec("ks", "c", "pk", CqlType.INT),
                        new ColumnSpec("ks", "c", "ck1", CqlType.TEXT),
                        new ColumnSpec("ks", "c", "ck2", CqlType.INT),
                        new ColumnSpec("ks", "c", "v", CqlType.TEXT)),
                Collections.emptyList());
        return new RowEncoder(CK_QUERY, m, new java.util.HashSet<>(Arrays.asList("ks.c.ck1", "ks.c.ck2")));
    }

    @Test
    void nullClusteringKeyFailsNamingTheColumn() {
        RowBuffer rb = new RowBuffer(16);
        clusteredEncoder().encodeRow(new Object[] {1, "a", 2, null}, rb);
        assertThatThrownBy(() -> clusteredEncoder().encodeRow(new Object[] {1, "a", null, "v"}, rb))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Query '" + CK_QUERY + "': column ks.c.ck2 is part of the clustering key and cannot be null");
        assertThatThrownBy(() -> clusteredEncoder().encodeRow(new Object[] {1, CqlCodec.UNSET, 2, "v"}, rb))
                .hasMessageContaining("column ks.c.ck1 is part of the clustering key and cannot be unset");
        assertThat(rb.rowCount()).isEqualTo(1);
    }

    private static void typeErrorNamesQueryColumnTypesAndValues() {
        assertThatThrownBy(() -> encoder().encodeRow(
                        new Object[] {new java.util.UUID(1, 2), "a", "abc", null}, new RowBuffer()))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Cannot write java.lang.String \"abc\" to column ks.t.age of CQL type int in query '"
                        + QUERY + "': expected Integer, Short or Byte");
        assertThatThrownBy(() -> encoder().encodeRow(
                        new Object[] {new java.util.UUID(1, 2), "a", 1, Arrays.asList(1, 2L)}, new RowBuffer()))
                .hasMessage("Cannot write java.util.Arrays$ArrayList [1, 2] to column ks.t.tags of CQL type list<int> in query '"
                        + QUERY + "': element 1: cannot write java.lang.Long 2 as int: expected Integer, Short or Byte");
    }

    @Test
    void failedRowIsRolledBack() {
        RowEncoder e = encoder();
        RowBuffer rb = new RowBuffer(16);
        java.util.UUID id = new java.util.UUID(1, 2);
        e.encodeRow(new Object[] {id, "first", 1, null}, rb);
        int size = rb.sizeInBytes();
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            big.append('z');
        }
        // fails on the last column, after a large value forced growth
        assertThatThrownBy(() -> e.encodeRow(new Object[] {id, big.toString(), 2, Arrays.asList(1, "x")}, rb))
                .isInstanceOf(CassandraInvalidValueException.class);
        assertThat(rb.rowCount()).isEqualTo(1);
        assertThat(rb.sizeInBytes()).isEqualTo(size);
        e.encodeRow(new Object[] {id, "third", 3, null}, rb);
        RowReader r = new RowReader(rb.finish());
        assertThat(r.rowCount()).isEqualTo(2);
        assertThat(r.nextRowValues(e.metadata().variableTypes())).containsExactly(id, "first", 1, null);
        assertThat(r.nextRowValues(e.metadata().variableTypes())).containsExactly(id, "third", 3, null);
        assertThat(r.nextRow()).isFalse();
    }

    @Test
    void tooLargeRowNamesColumnAndRollsBack() {
        RowEncoder e = encoder();
        RowBuffer rb = new RowBuffer(16, 100);
        java.util.UUID id = new java.util.UUID(1, 2);
        assertThatThrownBy(() -> e.encodeRow(new Object[] {id, new String(new char[200]), 1, null}, rb))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessageContaining("column ks.t.name")
                .hasMessageContaining("maximum row size");
        assertThat(rb.rowCount()).isZero();
        assertThat(rb.sizeInBytes()).isEqualTo(4);
    }
}
