package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/** Decoding helper: a cursor over {@code [int len][bytes]} items within bounds. */
@Internal
final class Cursor {
    final ByteBuffer buf;
    int pos;
    final int end;
    final CqlCodec owner;
    final int totalLength;

    Cursor(CqlCodec owner, ByteBuffer buf, int offset, int length) {
        this.owner = owner;
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.totalLength = length;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int readInt() {
        if (end - pos < 4) {
            throw owner.decodeFail(totalLength, "truncated value");
        }
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    Object readItem(CqlCodec codec) {
        int len = readInt();
        if (len < 0) {
            return null;
        }
        if (len > end - pos) {
            throw owner.decodeFail(totalLength, "truncated value");
        }
        Object v = codec.decode(buf, pos, len);
        pos += len;
        return v;
    }

    void expectEnd() {
        if (pos != end) {
            throw owner.decodeFail(totalLength, (end - pos) + " trailing bytes");
        }
    }
}
