package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/** Codecs whose values always have {@link #size} bytes. */
@Internal
abstract class FixedCodec extends CqlCodec {
    final int size;

    FixedCodec(CqlType type, int size) {
        super(type);
        this.size = size;
    }

    @Override
    final void encodeValue(Object value, RowBuffer out) {
        out.putInt(size);
        encodeBody(value, out);
    }

    @Override
    final int fixedSize() {
        return size;
    }

    @Override
    final Object decodeValue(ByteBuffer buf, int offset, int length) {
        checkLength(length, size);
        return decodeFixed(buf, offset);
    }

    abstract Object decodeFixed(ByteBuffer buf, int offset);
}
