package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Encodes Java values to CQL native-protocol bytes of one {@link CqlType}, and decodes them back.
 * Obtain one per type with {@link #forType(CqlType)} and reuse it; codecs are immutable and
 * thread-safe.
 *
 * <p>Encoding accepts, per CQL type: ascii — String of ASCII chars; text — String; int — Integer,
 * Short, Byte; bigint/counter — Long, Integer, Short, Byte; smallint — Short, Byte; tinyint — Byte;
 * varint — BigInteger, Long, Integer, Short, Byte; decimal — BigDecimal; float — Float; double —
 * Double, Float; boolean — Boolean; uuid — UUID or its text form; timeuuid — version 1 UUID or its
 * text form; timestamp — Date,
 * Instant, Long epoch millis; date — LocalDate, java.sql.Date; time — LocalTime, Long nanos of day;
 * duration — {@link CqlDuration}, java.time.Duration; blob and custom — byte[], ByteBuffer; inet —
 * InetAddress or a numeric address as text (never a host name); list/set — Collection, Object[]; map — Map; tuple — Object[], List; UDT — Object[] in field order or
 * Map&lt;String, ?&gt; by field name; vector — float[] (of float), double[] (of double), List,
 * Object[]. Anything else throws {@link CqlEncodeException}.
 *
 * <p>Decoding returns String, Integer, Long, Short, Byte, BigInteger, BigDecimal, Float, Double,
 * Boolean, UUID, Instant, LocalDate, LocalTime, CqlDuration, byte[], InetAddress, ArrayList,
 * LinkedHashSet, LinkedHashMap; a tuple as a List; a UDT as a LinkedHashMap in declared field
 * order; a vector as a List. A null cell, and an empty value of a type other than ascii, text, blob
 * and custom, decode to null.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
public abstract class CqlCodec {

    /** Marks a bound value as "unset": the column is left untouched (not a tombstone). */
    public static final Object UNSET =
            new Object() {
                @Override
                public String toString() {
                    return "UNSET";
                }
            };

    private static final int CACHE_LIMIT = 4096;
    private static final ConcurrentHashMap<CqlType, CqlCodec> CACHE = new ConcurrentHashMap<>();

    private static final long MAX_NANOS_OF_DAY = 86_399_999_999_999L;
    private static final long EPOCH_DAY_OFFSET = 1L << 31;

    final CqlType type;

    CqlCodec(CqlType type) {
        this.type = type;
    }

    /** The codec of {@code type}, built once and cached. */
    public static CqlCodec forType(CqlType type) {
        CqlCodec codec = CACHE.get(type);
        if (codec == null) {
            codec = create(type);
            if (CACHE.size() < CACHE_LIMIT) {
                CqlCodec existing = CACHE.putIfAbsent(type, codec);
                if (existing != null) {
                    codec = existing;
                }
            }
        }
        return codec;
    }

    public final CqlType type() {
        return type;
    }

    /**
     * Writes {@code value} as one cell, {@code [int length][bytes]}: null as -1, {@link #UNSET} as
     * -2.
     *
     * @throws CqlEncodeException if the value does not fit the type
     */
    public final void encode(Object value, RowBuffer out) {
        if (value == null) {
            out.putNull();
        } else if (value == UNSET) {
            out.putUnset();
        } else {
            encodeValue(value, out);
        }
    }

    /** The value bytes of {@code value} (without length prefix); null for null. */
    public final byte[] encodeToBytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value == UNSET) {
            throw fail(value, "UNSET has no byte representation");
        }
        RowBuffer tmp = new RowBuffer(64, Integer.MAX_VALUE);
        int start = tmp.position();
        encodeValue(value, tmp);
        ByteBuffer view = tmp.finish();
        view.position(start + 4);
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    /** Decodes value bytes (no length prefix); null for null. */
    public final Object decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return decode(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /**
     * Decodes the {@code length} bytes at absolute {@code offset} of a big-endian buffer, without
     * changing its position. A negative length (null or unset cell) gives null.
     *
     * @throws CassandraInvalidValueException if the bytes are not a valid value of the type
     */
    public final Object decode(ByteBuffer buf, int offset, int length) {
        if (length < 0) {
            return null;
        }
        if (length == 0 && !emptyIsValue()) {
            return null;
        }
        if (offset < 0 || (long) offset + length > buf.limit()) {
            throw decodeFail(length, "value runs past the end of the buffer");
        }
        return decodeValue(buf, offset, length);
    }

    // ------------------------------------------------------------------ SPI for subclasses

    /** Writes a non-null, non-UNSET value with its {@code [int]} length prefix. */
    void encodeValue(Object value, RowBuffer out) {
        int mark = out.beginValue();
        encodeBody(value, out);
        out.endValue(mark);
    }

    /** Writes the bytes of a non-null value, without length prefix. */
    abstract void encodeBody(Object value, RowBuffer out);

    /** Decodes {@code length >= 0} bytes at {@code offset} (bounds already checked). */
    abstract Object decodeValue(ByteBuffer buf, int offset, int length);

    /** The size of every value of this type, or -1 if variable. */
    int fixedSize() {
        return -1;
    }

    boolean emptyIsValue() {
        return false;
    }

    final CqlEncodeException fail(Object value, String reason) {
        return new CqlEncodeException(type, value, reason);
    }

    final CassandraInvalidValueException decodeFail(int length, String reason) {
        return new CassandraInvalidValueException(
                "Cannot decode " + length + " bytes as CQL type " + type + ": " + reason);
    }

    final void checkLength(int length, int expected) {
        if (length != expected) {
            throw decodeFail(length, "expected " + expected + " bytes");
        }
    }

    static byte[] copy(ByteBuffer buf, int offset, int length) {
        byte[] b = new byte[length];
        if (buf.hasArray()) {
            System.arraycopy(buf.array(), buf.arrayOffset() + offset, b, 0, length);
        } else {
            ByteBuffer d = buf.duplicate();
            d.limit(offset + length).position(offset);
            d.get(b);
        }
        return b;
    }

    private static CqlCodec create(CqlType t) {
        switch (t.kind()) {
            case ASCII:
                return new AsciiCodec(t);
            case VARCHAR:
                return new TextCodec(t);
            case INT:
                return new IntCodec(t);
            case BIGINT:
            case COUNTER:
                return new BigintCodec(t);
            case SMALLINT:
                return new SmallintCodec(t);
            case TINYINT:
                return new TinyintCodec(t);
            case VARINT:
                return new VarintCodec(t);
            case DECIMAL:
                return new DecimalCodec(t);
            case FLOAT:
                return new FloatCodec(t);
            case DOUBLE:
                return new DoubleCodec(t);
            case BOOLEAN:
                return new BooleanCodec(t);
            case UUID:
            case TIMEUUID:
                return new UuidCodec(t);
            case TIMESTAMP:
                return new TimestampCodec(t);
            case DATE:
                return new DateCodec(t);
            case TIME:
                return new TimeCodec(t);
            case DURATION:
                return new DurationCodec(t);
            case BLOB:
            case CUSTOM:
                return new BlobCodec(t);
            case INET:
                return new InetCodec(t);
            case LIST:
            case SET:
                return new CollectionCodec(t);
            case MAP:
                return new MapCodec(t);
            case TUPLE:
                return new TupleCodec(t);
            case UDT:
                return new UdtCodec(t);
            case VECTOR:
                return new VectorCodec(t);
            default:
                throw new IllegalArgumentException("no codec for CQL type " + t);
        }
    }

    // ================================================================== fixed-size base

    /** Codecs whose values always have {@link #size} bytes. */
    abstract static class FixedCodec extends CqlCodec {
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

    // ================================================================== strings, bytes

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

    static final class InetCodec extends CqlCodec {
        private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

        InetCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof InetAddress) {
                out.putBytes(((InetAddress) value).getAddress());
            } else if (value instanceof String) {
                out.putBytes(parseNumericAddress((String) value));
            } else {
                throw fail(value, "expected InetAddress or String (numeric IPv4 or IPv6 address)");
            }
        }

        /**
         * The bytes of a numeric IPv4 (dotted quad) or IPv6 address. The text is checked before
         * {@link InetAddress#getByName} sees it, so that call only parses a literal and never
         * resolves a name (a DNS lookup per record would be slow and leak data).
         */
        private byte[] parseNumericAddress(String text) {
            if (IPV4.matcher(text).matches()) {
                byte[] b = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        throw notNumeric(text);
                    }
                    b[i] = (byte) octet;
                }
                return b;
            }
            // Every IPv6 literal has a ':'; InetAddress parses a text containing one as a literal
            // or throws, without a lookup.
            if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
                try {
                    return InetAddress.getByName(text).getAddress();
                } catch (UnknownHostException | RuntimeException e) {
                    throw notNumeric(text);
                }
            }
            throw notNumeric(text);
        }

        private CqlEncodeException notNumeric(String text) {
            return fail(text, "expected a numeric IPv4 or IPv6 address such as 192.0.2.33 or 2001:db8::1"
                    + " (host names are not looked up)");
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            if (length != 4 && length != 16) {
                throw decodeFail(length, "expected 4 or 16 bytes");
            }
            try {
                return InetAddress.getByAddress(copy(buf, offset, length));
            } catch (UnknownHostException e) {
                throw decodeFail(length, e.getMessage());
            }
        }
    }

    // ================================================================== integers

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
        return new BigInteger(copy(buf, offset, length));
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

    // ================================================================== floating point, boolean

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

    static final class BooleanCodec extends FixedCodec {
        BooleanCodec(CqlType t) {
            super(t, 1);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof Boolean)) {
                throw fail(value, "expected Boolean");
            }
            out.putByte((Boolean) value ? 1 : 0);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return buf.get(offset) != 0;
        }
    }

    // ================================================================== uuid, time

    static final class UuidCodec extends FixedCodec {
        // UUID.fromString accepts shortened groups such as "1-1-1-1-1"; only the canonical form is taken.
        private static final Pattern TEXT = Pattern.compile(
                "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
        private final boolean timeBased;

        UuidCodec(CqlType t) {
            super(t, 16);
            this.timeBased = t.kind() == CqlType.Kind.TIMEUUID;
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            UUID u;
            if (value instanceof UUID) {
                u = (UUID) value;
            } else if (value instanceof String) {
                u = parse((String) value);
            } else {
                throw fail(value, (timeBased ? "expected a version 1 UUID" : "expected UUID")
                        + " or its text form (8-4-4-4-12 hex digits)");
            }
            if (timeBased && u.version() != 1) {
                throw fail(value, "expected a version 1 UUID, got version " + u.version());
            }
            out.putLong(u.getMostSignificantBits());
            out.putLong(u.getLeastSignificantBits());
        }

        private UUID parse(String text) {
            if (!TEXT.matcher(text).matches()) {
                throw fail(text, "expected a UUID in text form (8-4-4-4-12 hex digits)");
            }
            return UUID.fromString(text);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return new UUID(buf.getLong(offset), buf.getLong(offset + 8));
        }
    }

    static final class TimestampCodec extends FixedCodec {
        TimestampCodec(CqlType t) {
            super(t, 8);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            long millis;
            if (value instanceof Instant) {
                try {
                    millis = ((Instant) value).toEpochMilli();
                } catch (ArithmeticException e) {
                    throw fail(value, "out of the range of epoch milliseconds in a long");
                }
            } else if (value instanceof Date) {
                millis = ((Date) value).getTime();
            } else if (value instanceof Long) {
                millis = (Long) value;
            } else {
                throw fail(value, "expected Instant, java.util.Date or Long (epoch milliseconds)");
            }
            out.putLong(millis);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return Instant.ofEpochMilli(buf.getLong(offset));
        }
    }

    static final class DateCodec extends FixedCodec {
        DateCodec(CqlType t) {
            super(t, 4);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            LocalDate date;
            if (value instanceof LocalDate) {
                date = (LocalDate) value;
            } else if (value instanceof java.sql.Date) {
                date = ((java.sql.Date) value).toLocalDate();
            } else {
                throw fail(value, "expected LocalDate or java.sql.Date");
            }
            long days = date.toEpochDay();
            if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
                throw fail(value, "more than 2^31 days away from 1970-01-01");
            }
            out.putInt((int) (days + EPOCH_DAY_OFFSET));
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            long unsigned = buf.getInt(offset) & 0xFFFFFFFFL;
            return LocalDate.ofEpochDay(unsigned - EPOCH_DAY_OFFSET);
        }
    }

    static final class TimeCodec extends FixedCodec {
        TimeCodec(CqlType t) {
            super(t, 8);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            long nanos;
            if (value instanceof LocalTime) {
                nanos = ((LocalTime) value).toNanoOfDay();
            } else if (value instanceof Long) {
                nanos = (Long) value;
                if (nanos < 0 || nanos > MAX_NANOS_OF_DAY) {
                    throw fail(value, "nanoseconds of day must be within 0.." + MAX_NANOS_OF_DAY);
                }
            } else {
                throw fail(value, "expected LocalTime or Long (nanoseconds of day)");
            }
            out.putLong(nanos);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            long nanos = buf.getLong(offset);
            if (nanos < 0 || nanos > MAX_NANOS_OF_DAY) {
                throw decodeFail(8, "nanoseconds of day out of range: " + nanos);
            }
            return LocalTime.ofNanoOfDay(nanos);
        }
    }

    static final class DurationCodec extends CqlCodec {
        DurationCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            CqlDuration d;
            if (value instanceof CqlDuration) {
                d = (CqlDuration) value;
            } else if (value instanceof Duration) {
                try {
                    d = CqlDuration.from((Duration) value);
                } catch (CassandraInvalidValueException e) {
                    throw fail(value, "too long for a CQL duration (more than 2^63 nanoseconds)");
                }
            } else {
                throw fail(value, "expected CqlDuration or java.time.Duration");
            }
            VIntCoding.writeSignedVInt(d.getMonths(), out);
            VIntCoding.writeSignedVInt(d.getDays(), out);
            VIntCoding.writeSignedVInt(d.getNanoseconds(), out);
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            int end = offset + length;
            long[] parts = new long[3];
            int p = offset;
            for (int i = 0; i < 3; i++) {
                if (p >= end || p + VIntCoding.sizeAt(buf, p) > end) {
                    throw decodeFail(length, "truncated duration");
                }
                parts[i] = VIntCoding.readSignedVInt(buf, p);
                p += VIntCoding.sizeAt(buf, p);
            }
            if (p != end) {
                throw decodeFail(length, "trailing bytes after duration");
            }
            if (parts[0] != (int) parts[0] || parts[1] != (int) parts[1]) {
                throw decodeFail(length, "months or days out of int range");
            }
            return CqlDuration.of((int) parts[0], (int) parts[1], parts[2]);
        }
    }

    // ================================================================== collections

    /** Decoding helper: a cursor over {@code [int len][bytes]} items within bounds. */
    static final class Cursor {
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

    static final class CollectionCodec extends CqlCodec {
        private final CqlCodec element;
        private final boolean isSet;

        CollectionCodec(CqlType t) {
            super(t);
            this.element = forType(t.elementType());
            this.isSet = t.kind() == CqlType.Kind.SET;
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Collection) {
                Collection<?> c = (Collection<?>) value;
                out.putInt(c.size());
                int i = 0;
                for (Object e : c) {
                    encodeElement(value, i++, e, out);
                }
                if (i != c.size()) {
                    throw fail(value, "collection changed size while being written");
                }
            } else if (value instanceof Object[]) {
                Object[] a = (Object[]) value;
                out.putInt(a.length);
                for (int i = 0; i < a.length; i++) {
                    encodeElement(value, i, a[i], out);
                }
            } else {
                throw fail(value, "expected a Collection or an Object[]");
            }
        }

        private void encodeElement(Object whole, int i, Object e, RowBuffer out) {
            if (e == null || e == UNSET) {
                throw fail(whole, "element " + i + " is " + (e == null ? "null" : "UNSET")
                        + "; " + (isSet ? "set" : "list") + " elements cannot be null");
            }
            try {
                element.encodeValue(e, out);
            } catch (CqlEncodeException ex) {
                throw fail(whole, "element " + i + ": " + ex.nestedDescription());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            int n = c.readInt();
            if (n < 0 || n > length) {
                throw decodeFail(length, "bad element count " + n);
            }
            Collection<Object> result = isSet ? new LinkedHashSet<>(n * 4 / 3 + 1) : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                result.add(c.readItem(element));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class MapCodec extends CqlCodec {
        private final CqlCodec key;
        private final CqlCodec val;

        MapCodec(CqlType t) {
            super(t);
            this.key = forType(t.keyType());
            this.val = forType(t.valueType());
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof Map)) {
                throw fail(value, "expected a Map");
            }
            Map<?, ?> m = (Map<?, ?>) value;
            out.putInt(m.size());
            int n = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                Object v = e.getValue();
                if (k == null || k == UNSET) {
                    throw fail(value, "map keys cannot be null");
                }
                if (v == null || v == UNSET) {
                    throw fail(value, "the value" + ValuePreview.label("for key", k)
                            + " is null; map values cannot be null");
                }
                try {
                    key.encodeValue(k, out);
                } catch (CqlEncodeException ex) {
                    throw fail(value, "key: " + ex.nestedDescription());
                }
                try {
                    val.encodeValue(v, out);
                } catch (CqlEncodeException ex) {
                    throw fail(value, "value" + ValuePreview.label("for key", k) + ": "
                            + ex.nestedDescription());
                }
                n++;
            }
            if (n != m.size()) {
                throw fail(value, "map changed size while being written");
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            int n = c.readInt();
            if (n < 0 || n > length) {
                throw decodeFail(length, "bad entry count " + n);
            }
            Map<Object, Object> result = new LinkedHashMap<>(n * 4 / 3 + 1);
            for (int i = 0; i < n; i++) {
                Object k = c.readItem(key);
                result.put(k, c.readItem(val));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class TupleCodec extends CqlCodec {
        private final CqlCodec[] components;

        TupleCodec(CqlType t) {
            super(t);
            List<CqlType> types = t.componentTypes();
            components = new CqlCodec[types.size()];
            for (int i = 0; i < components.length; i++) {
                components[i] = forType(types.get(i));
            }
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Object[]) {
                Object[] a = (Object[]) value;
                checkArity(value, a.length);
                for (int i = 0; i < a.length; i++) {
                    encodeComponent(value, i, a[i], out);
                }
            } else if (value instanceof List) {
                List<?> l = (List<?>) value;
                checkArity(value, l.size());
                int i = 0;
                for (Object o : l) {
                    if (i >= components.length) {
                        throw fail(value, "list changed size while being written");
                    }
                    encodeComponent(value, i++, o, out);
                }
            } else {
                throw fail(value, "expected an Object[] or a List of " + components.length
                        + " components");
            }
        }

        private void checkArity(Object value, int n) {
            if (n != components.length) {
                throw fail(value, "expected " + components.length + " components, got " + n);
            }
        }

        private void encodeComponent(Object whole, int i, Object c, RowBuffer out) {
            if (c == null) {
                out.putNull();
                return;
            }
            if (c == UNSET) {
                throw fail(whole, "component " + i + " is UNSET; use null");
            }
            try {
                components[i].encodeValue(c, out);
            } catch (CqlEncodeException ex) {
                throw fail(whole, "component " + i + ": " + ex.nestedDescription());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            List<Object> result = new ArrayList<>(components.length);
            for (CqlCodec component : components) {
                result.add(c.atEnd() ? null : c.readItem(component));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class UdtCodec extends CqlCodec {
        private final String[] names;
        private final CqlCodec[] fields;

        UdtCodec(CqlType t) {
            super(t);
            names = t.fieldNames().toArray(new String[0]);
            fields = new CqlCodec[names.length];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = forType(t.fieldTypes().get(i));
            }
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Object[]) {
                encodePositional(value, (Object[]) value, out);
                return;
            }
            if (!(value instanceof Map)) {
                throw fail(value, "expected a Map from field name to value, or an Object[] (a Flink Tuple or Row) "
                        + "of the fields in declared order");
            }
            Map<?, ?> m = (Map<?, ?>) value;
            int present = 0;
            for (int i = 0; i < names.length; i++) {
                Object v = m.get(names[i]);
                if (v != null || m.containsKey(names[i])) {
                    present++;
                }
                if (v == null) {
                    out.putNull();
                    continue;
                }
                if (v == UNSET) {
                    throw fail(value, "field " + names[i] + " is UNSET; use null");
                }
                try {
                    fields[i].encodeValue(v, out);
                } catch (CqlEncodeException ex) {
                    throw fail(value, "field " + names[i] + ": " + ex.nestedDescription());
                }
            }
            if (present != m.size()) {
                for (Object k : m.keySet()) {
                    if (!isField(k)) {
                        throw fail(value, "a key is not a field" + ValuePreview.label("(unknown field", k)
                                + (ValuePreview.valuesShown() ? ")" : "") + "; the fields are "
                                + String.join(", ", names));
                    }
                }
            }
        }

        /** Fields in declared order: how a Flink Tuple or Row field maps onto a UDT. */
        private void encodePositional(Object whole, Object[] values, RowBuffer out) {
            if (values.length != names.length) {
                throw fail(whole, "expected " + names.length + " fields (" + String.join(", ", names) + "), got "
                        + values.length);
            }
            for (int i = 0; i < names.length; i++) {
                Object v = values[i];
                if (v == null) {
                    out.putNull();
                    continue;
                }
                if (v == UNSET) {
                    throw fail(whole, "field " + names[i] + " is UNSET; use null");
                }
                try {
                    fields[i].encodeValue(v, out);
                } catch (CqlEncodeException ex) {
                    throw fail(whole, "field " + names[i] + ": " + ex.nestedDescription());
                }
            }
        }

        private boolean isField(Object k) {
            for (String n : names) {
                if (n.equals(k)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            Map<String, Object> result = new LinkedHashMap<>(names.length * 4 / 3 + 1);
            for (int i = 0; i < names.length; i++) {
                result.put(names[i], c.atEnd() ? null : c.readItem(fields[i]));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class VectorCodec extends CqlCodec {
        private final CqlCodec element;
        private final int dimension;
        private final int elementSize;
        private final CqlType.Kind elementKind;

        VectorCodec(CqlType t) {
            super(t);
            this.element = forType(t.elementType());
            this.dimension = t.dimension();
            this.elementSize = element.fixedSize();
            this.elementKind = t.elementType().kind();
        }

        @Override
        void encodeValue(Object value, RowBuffer out) {
            if (elementSize > 0) {
                checkDimension(value);
                out.putInt(elementSize * dimension);
                encodeBody(value, out);
            } else {
                super.encodeValue(value, out);
            }
        }

        private void checkDimension(Object value) {
            int n;
            if (value instanceof float[]) {
                n = ((float[]) value).length;
            } else if (value instanceof double[]) {
                n = ((double[]) value).length;
            } else if (value instanceof List) {
                n = ((List<?>) value).size();
            } else if (value instanceof Object[]) {
                n = ((Object[]) value).length;
            } else {
                throw fail(value, "expected float[], List or Object[]");
            }
            if (n != dimension) {
                throw fail(value, "expected " + dimension + " elements, got " + n);
            }
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            checkDimension(value);
            if (value instanceof float[]) {
                if (elementKind != CqlType.Kind.FLOAT) {
                    throw fail(value, "float[] only fits a vector of float");
                }
                for (float f : (float[]) value) {
                    out.putFloat(f);
                }
            } else if (value instanceof double[]) {
                if (elementKind != CqlType.Kind.DOUBLE) {
                    throw fail(value, "double[] only fits a vector of double");
                }
                for (double d : (double[]) value) {
                    out.putDouble(d);
                }
            } else if (value instanceof List) {
                int i = 0;
                for (Object e : (List<?>) value) {
                    encodeElement(value, i++, e, out);
                }
            } else {
                Object[] a = (Object[]) value;
                for (int i = 0; i < a.length; i++) {
                    encodeElement(value, i, a[i], out);
                }
            }
        }

        private void encodeElement(Object whole, int i, Object e, RowBuffer out) {
            if (e == null || e == UNSET) {
                throw fail(whole, "element " + i + " is null; vector elements cannot be null");
            }
            try {
                if (elementSize > 0) {
                    element.encodeBody(e, out);
                } else {
                    int start = out.position();
                    element.encodeBody(e, out);
                    out.prefixWithUnsignedVIntLength(start);
                }
            } catch (CqlEncodeException ex) {
                throw fail(whole, "element " + i + ": " + ex.nestedDescription());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            List<Object> result = new ArrayList<>(dimension);
            if (elementSize > 0) {
                checkLength(length, elementSize * dimension);
                for (int i = 0; i < dimension; i++) {
                    result.add(element.decodeValue(buf, offset + i * elementSize, elementSize));
                }
                return result;
            }
            int p = offset;
            int end = offset + length;
            for (int i = 0; i < dimension; i++) {
                if (p >= end || p + VIntCoding.sizeAt(buf, p) > end) {
                    throw decodeFail(length, "truncated vector");
                }
                long len = VIntCoding.readUnsignedVInt(buf, p);
                p += VIntCoding.sizeAt(buf, p);
                if (len < 0 || len > end - p) {
                    throw decodeFail(length, "truncated vector");
                }
                result.add(element.decode(buf, p, (int) len));
                p += (int) len;
            }
            if (p != end) {
                throw decodeFail(length, "trailing bytes after vector");
            }
            return result;
        }
    }
}
