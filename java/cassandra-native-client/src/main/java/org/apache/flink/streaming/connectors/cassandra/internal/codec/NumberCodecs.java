package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/** The codecs of int, bigint/counter, smallint, tinyint, varint, decimal, float and double. */
@Internal
final class NumberCodecs {

    private NumberCodecs() {}

    static final class IntCodec extends FixedCodec {
        IntCodec(CqlType t) {
            super(t, 4);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Integer) {
                out.putInt((Integer) value);
            } else if (value instanceof Short) {
                out.putInt((Short) value);
            } else if (value instanceof Byte) {
                out.putInt((Byte) value);
            } else {
                throw fail(value, "expected Integer, Short or Byte");
            }
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return buf.getInt(offset);
        }
    }

    static final class BigintCodec extends FixedCodec {
        BigintCodec(CqlType t) {
            super(t, 8);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Long) {
                out.putLong((Long) value);
            } else if (value instanceof Integer) {
                out.putLong((Integer) value);
            } else if (value instanceof Short) {
                out.putLong((Short) value);
            } else if (value instanceof Byte) {
                out.putLong((Byte) value);
            } else {
                throw fail(value, "expected Long, Integer, Short or Byte");
            }
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return buf.getLong(offset);
        }
    }

    /** smallint; variable-size in Cassandra's vector encoding, so not a FixedCodec. */
    static final class SmallintCodec extends CqlCodec {
        SmallintCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeValue(Object value, RowBuffer out) {
            short v = toShort(value);
            out.putInt(2);
            out.putShort(v);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            out.putShort(toShort(value));
        }

        private short toShort(Object value) {
            if (value instanceof Short) {
                return (Short) value;
            } else if (value instanceof Byte) {
                return (Byte) value;
            }
            throw fail(value, "expected Short or Byte");
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            checkLength(length, 2);
            return buf.getShort(offset);
        }
    }

    static final class TinyintCodec extends CqlCodec {
        TinyintCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeValue(Object value, RowBuffer out) {
            byte v = toByte(value);
            out.putInt(1);
            out.putByte(v);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            out.putByte(toByte(value));
        }

        private byte toByte(Object value) {
            if (value instanceof Byte) {
                return (Byte) value;
            }
            throw fail(value, "expected Byte");
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            checkLength(length, 1);
            return buf.get(offset);
        }
    }

    static final class VarintCodec extends CqlCodec {
        VarintCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof BigInteger) {
                out.putBytes(((BigInteger) value).toByteArray());
            } else if (value instanceof Long
                    || value instanceof Integer
                    || value instanceof Short
                    || value instanceof Byte) {
                writeVarint(((Number) value).longValue(), out);
            } else {
                throw fail(value, "expected BigInteger, Long, Integer, Short or Byte");
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            return readVarint(buf, offset, length);
        }
    }

    /** Minimal two's-complement big-endian bytes of {@code v}. */
    static void writeVarint(long v, RowBuffer out) {
        int bits = 65 - Long.numberOfLeadingZeros(v ^ (v >> 63));
        int bytes = (bits + 7) >>> 3;
        for (int i = bytes - 1; i >= 0; i--) {
            out.putByte((int) (v >> (8 * i)));
        }
    }

    static BigInteger readVarint(ByteBuffer buf, int offset, int length) {
        if (length <= 8) {
            long v = buf.get(offset); // sign-extended
            for (int i = 1; i < length; i++) {
                v = (v << 8) | (buf.get(offset + i) & 0xFF);
            }
            return BigInteger.valueOf(v);
        }
        return new BigInteger(CqlCodec.copy(buf, offset, length));
    }

    static final class DecimalCodec extends CqlCodec {
        DecimalCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof BigDecimal)) {
                throw fail(value, "expected BigDecimal");
            }
            BigDecimal d = (BigDecimal) value;
            out.putInt(d.scale());
            BigInteger unscaled = d.unscaledValue();
            if (unscaled.bitLength() < 64) {
                writeVarint(unscaled.longValue(), out);
            } else {
                out.putBytes(unscaled.toByteArray());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            if (length < 5) {
                throw decodeFail(length, "expected at least 5 bytes");
            }
            int scale = buf.getInt(offset);
            return new BigDecimal(readVarint(buf, offset + 4, length - 4), scale);
        }
    }

    static final class FloatCodec extends FixedCodec {
        FloatCodec(CqlType t) {
            super(t, 4);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof Float)) {
                throw fail(value, "expected Float");
            }
            out.putFloat((Float) value);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return buf.getFloat(offset);
        }
    }

    static final class DoubleCodec extends FixedCodec {
        DoubleCodec(CqlType t) {
            super(t, 8);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Double) {
                out.putDouble((Double) value);
            } else if (value instanceof Float) {
                out.putDouble((Float) value);
            } else {
                throw fail(value, "expected Double or Float");
            }
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return buf.getDouble(offset);
        }
    }
}
