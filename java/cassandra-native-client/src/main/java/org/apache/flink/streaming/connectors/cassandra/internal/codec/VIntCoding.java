package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/**
 * Cassandra's variable-length integer coding ({@code VIntCoding}): the number of leading 1-bits
 * of the first byte is the number of extra bytes; signed values are zig-zag encoded.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class VIntCoding {
    private VIntCoding() {}

    /** Bytes needed for {@code value} as an unsigned vint (1..9). */
    public static int unsignedVIntSize(long value) {
        int magnitude = Long.numberOfLeadingZeros(value | 1);
        return (639 - magnitude * 9) >> 6;
    }

    public static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    public static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /** Writes {@code value} as an unsigned vint. */
    public static void writeUnsignedVInt(long value, RowBuffer out) {
        int size = unsignedVIntSize(value);
        if (size == 1) {
            out.putByte((int) value);
            return;
        }
        int extra = size - 1;
        // first byte: `extra` leading 1-bits, then the top bits of the value
        int first = (int) (extra >= 8 ? 0 : (value >>> (8 * extra))) | (~(0xFF >> extra) & 0xFF);
        out.putByte(first);
        for (int i = extra - 1; i >= 0; i--) {
            out.putByte((int) (value >>> (8 * i)));
        }
    }

    public static void writeSignedVInt(long value, RowBuffer out) {
        writeUnsignedVInt(zigZag(value), out);
    }

    /** The total size (1..9) of the vint whose first byte is at {@code index}. */
    public static int sizeAt(ByteBuffer buf, int index) {
        byte first = buf.get(index);
        if (first >= 0) {
            return 1;
        }
        return Integer.numberOfLeadingZeros(~first) - 24 + 1;
    }

    /** Reads the unsigned vint at {@code index} (absolute; the buffer position is not changed). */
    public static long readUnsignedVInt(ByteBuffer buf, int index) {
        byte first = buf.get(index);
        if (first >= 0) {
            return first;
        }
        int extra = Integer.numberOfLeadingZeros(~first) - 24;
        long value = first & (0xFF >> extra);
        for (int i = 1; i <= extra; i++) {
            value = (value << 8) | (buf.get(index + i) & 0xFF);
        }
        return value;
    }

    public static long readSignedVInt(ByteBuffer buf, int index) {
        return unZigZag(readUnsignedVInt(buf, index));
    }
}
