package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;

import java.util.Arrays;

/**
 * Rows as the {@link RecordEncoder} encoded them, in arrival order, kept on the heap so that the
 * write-ahead sink writes a pending checkpoint's rows without encoding its records again.
 */
@Internal
final class EncodedRows {
    private byte[] data = new byte[4096];
    private int size;
    private int[] ends = new int[64];
    private int rows;

    /** Appends the rows of {@code encoded} (normally one). */
    void add(RowBuffer encoded) {
        int length = encoded.rowsSizeInBytes();
        if (size + length > data.length) {
            data = Arrays.copyOf(data, Math.max(size + length, data.length * 2));
        }
        encoded.copyRowsTo(data, size);
        size += length;
        if (rows == ends.length) {
            ends = Arrays.copyOf(ends, rows * 2);
        }
        ends[rows++] = size;
    }

    int rows() {
        return rows;
    }

    long bytes() {
        return size;
    }

    /** Adds row {@code index} to {@code batcher} as it is. */
    void addTo(RowBatcher batcher, int index) throws java.io.IOException {
        int start = index == 0 ? 0 : ends[index - 1];
        batcher.addEncoded(data, start, ends[index] - start);
    }
}
