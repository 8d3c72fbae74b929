package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The codecs of ascii, text, and blob/custom. */
@Internal
final class TextCodecs {

    private TextCodecs() {}

    static final class AsciiCodec extends CqlCodec {
        AsciiCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof String)) {
                throw fail(value, "expected String");
            }
            String s = (String) value;
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    throw fail(value, ValuePreview.valuesShown()
                            ? "character '" + c + "' (U+" + String.format("%04X", (int) c) + ") at index " + i
                                    + " is not ASCII"
                            : "the character at index " + i + " is not ASCII");
                }
            }
            out.putAsciiChars(s);
        }

        @Override
        boolean emptyIsValue() {
            return true;
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            return new String(copy(buf, offset, length), StandardCharsets.US_ASCII);
        }
    }

    static final class TextCodec extends CqlCodec {
        TextCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof String)) {
                throw fail(value, "expected String");
            }
            out.putUtf8((String) value);
        }

        @Override
        boolean emptyIsValue() {
            return true;
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            return new String(copy(buf, offset, length), StandardCharsets.UTF_8);
        }
    }

    static final class BlobCodec extends CqlCodec {
        BlobCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof byte[]) {
                out.putBytes((byte[]) value);
            } else if (value instanceof ByteBuffer) {
                out.putBytes((ByteBuffer) value);
            } else {
                throw fail(value, "expected byte[] or ByteBuffer");
            }
        }

        @Override
        boolean emptyIsValue() {
            return true;
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            return copy(buf, offset, length);
        }
    }
}
