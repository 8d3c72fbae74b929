package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowBufferTest {

    @Test
    void layoutOfRows() {
        RowBuffer rb = new RowBuffer(16);
        rb.beginRow(3);
        CqlCodec.forType(CqlType.INT).encode(7, rb);
        rb.putNull();
        rb.putUnset();
        rb.beginRow(1);
        rb.putValue(new byte[] {1, 2});
        assertThat(rb.rowCount()).isEqualTo(2);
        ByteBuffer b = rb.finish();
        assertThat(b.isDirect()).isTrue();
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(rb.sizeInBytes());
        byte[] all = new byte[b.remaining()];
        b.get(all);
        assertThat(all).containsExactly(
                0, 0, 0, 2,
                0, 3, 0, 0, 0, 4, 0, 0, 0, 7, -1, -1, -1, -1, -1, -1, -1, -2,
                0, 1, 0, 0, 0, 2, 1, 2);
    }

    /** A row encoded once can be copied out and appended elsewhere unchanged (the write-ahead sink's path). */
    @Test
    void encodedRowsCopyOutAndBackUnchanged() {
        RowBuffer first = new RowBuffer(16);
        first.beginRow(2);
        CqlCodec.forType(CqlType.INT).encode(7, first);
        first.putUnset();
        byte[] row = new byte[first.rowsSizeInBytes()];
        first.copyRowsTo(row, 0);
        assertThat(row).containsExactly(0, 2, 0, 0, 0, 4, 0, 0, 0, 7, -1, -1, -1, -2);

        RowBuffer second = new RowBuffer(16);
        second.putEncodedRow(row, 0, row.length);
        second.putEncodedRow(row, 0, row.length);
        assertThat(second.rowCount()).isEqualTo(2);
        ByteBuffer b = second.finish();
        byte[] all = new byte[b.remaining()];
        b.get(all);
        assertThat(all).startsWith(0, 0, 0, 2, 0, 2, 0, 0, 0, 4, 0, 0, 0, 7).hasSize(4 + 2 * row.length);
    }

    /**
     * Unpaired surrogates become '?' as String.getBytes(UTF_8) makes them, also in a string whose
     * other chars are ASCII: its UTF-8 length then equals its char count, which must not send it
     * down the ASCII-only path (that wrote the char's low byte, e.g. NUL for \uDC00).
     */
    @Test
    void loneSurrogatesAreWrittenAsTheJdkWritesThem() {
        for (String s : List.of("name-17\uDC00", "\uD800x", "a\uD83Db", "\uDC00\uD800", "\u00e9\uDC00", "ok\uD83D\uDE00")) {
            RowBuffer rb = new RowBuffer(16);
            rb.putUtf8(s);
            ByteBuffer b = rb.finish();
            byte[] all = new byte[b.remaining()];
            b.get(all);
            byte[] expected = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(Arrays.copyOfRange(all, all.length - expected.length, all.length)).as("UTF-8 of %s", s)
                    .containsExactly(expected);
        }
    }

    @Test
    void growsBeyondInitialCapacity() {
        RowBuffer rb = new RowBuffer(16);
        int initial = rb.capacity();
        CqlCodec text = CqlCodec.forType(CqlType.TEXT);
        for (int i = 0; i < 10_000; i++) {
            rb.beginRow(2);
            text.encode("row-" + i, rb);
            CqlCodec.forType(CqlType.BIGINT).encode((long) i, rb);
        }
        assertThat(rb.capacity()).isGreaterThan(initial);
        RowReader reader = new RowReader(rb.finish());
        assertThat(reader.rowCount()).isEqualTo(10_000);
        List<CqlType> types = Arrays.asList(CqlType.TEXT, CqlType.BIGINT);
        CqlCodec[] codecs = RowReader.codecsFor(types);
        for (int i = 0; i < 10_000; i++) {
            Object[] row = i % 2 == 0 ? reader.nextRowValues(codecs) : reader.nextRowValues(types);
            assertThat(row).containsExactly("row-" + i, (long) i);
        }
        assertThat(reader.nextRow()).isFalse();
        assertThat(reader.nextRowValues(codecs)).isNull();
    }

    @Test
    void clearReusesBuffer() {
        RowBuffer rb = new RowBuffer(16);
        rb.beginRow(1);
        rb.putValue(new byte[100]);
        int cap = rb.capacity();
        rb.clear();
        assertThat(rb.rowCount()).isZero();
        assertThat(rb.sizeInBytes()).isEqualTo(4);
        assertThat(rb.capacity()).isEqualTo(cap);
        ByteBuffer b = rb.finish();
        assertThat(b.getInt(0)).isZero();
        assertThat(new RowReader(b).nextRow()).isFalse();
    }

    @Test
    void abortRowRestoresPreviousState() {
        RowBuffer rb = new RowBuffer(16);
        rb.beginRow(1);
        rb.putValue(new byte[] {5});
        int size = rb.sizeInBytes();
        rb.beginRow(1);
        rb.putValue(new byte[1000]);
        rb.abortRow();
        assertThat(rb.rowCount()).isEqualTo(1);
        assertThat(rb.sizeInBytes()).isEqualTo(size);
    }

    @Test
    void maxRowSizeGuard() {
        RowBuffer rb = new RowBuffer(16, 1000);
        rb.beginRow(1);
        rb.putValue(new byte[500]);
        rb.beginRow(1);
        assertThatThrownBy(() -> rb.putValue(new byte[1000]))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessageContaining("maximum row size of 1000 bytes");
        rb.abortRow();
        rb.beginRow(1);
        rb.putValue(new byte[900]);
        assertThat(rb.rowCount()).isEqualTo(2);
    }

    @Test
    void readerReportsNullsAndUnset() {
        RowBuffer rb = new RowBuffer();
        rb.beginRow(3);
        rb.putNull();
        rb.putUnset();
        CqlCodec.forType(CqlType.TEXT).encode("", rb);
        RowReader r = new RowReader(rb.finish());
        assertThat(r.nextRow()).isTrue();
        assertThat(r.columnCount()).isEqualTo(3);
        assertThat(r.isNull(0)).isTrue();
        assertThat(r.length(1)).isEqualTo(-2);
        assertThat(r.decode(1, CqlType.INT)).isNull();
        assertThat(r.decode(2, CqlType.TEXT)).isEqualTo("");
        assertThat(r.decode(2, CqlType.INT)).isNull();
        assertThatThrownBy(() -> r.decode(3, CqlType.INT)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
