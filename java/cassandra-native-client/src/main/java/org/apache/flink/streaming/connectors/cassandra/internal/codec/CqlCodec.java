package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>This class is the entry point and the base; the codecs live by family in {@link NumberCodecs},
 * {@link TextCodecs}, {@link TimeCodecs}, {@link MiscCodecs}, {@link CollectionCodecs} and
 * {@link StructCodecs}.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
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
                return new TextCodecs.AsciiCodec(t);
            case VARCHAR:
                return new TextCodecs.TextCodec(t);
            case INT:
                return new NumberCodecs.IntCodec(t);
            case BIGINT:
            case COUNTER:
                return new NumberCodecs.BigintCodec(t);
            case SMALLINT:
                return new NumberCodecs.SmallintCodec(t);
            case TINYINT:
                return new NumberCodecs.TinyintCodec(t);
            case VARINT:
                return new NumberCodecs.VarintCodec(t);
            case DECIMAL:
                return new NumberCodecs.DecimalCodec(t);
            case FLOAT:
                return new NumberCodecs.FloatCodec(t);
            case DOUBLE:
                return new NumberCodecs.DoubleCodec(t);
            case BOOLEAN:
                return new MiscCodecs.BooleanCodec(t);
            case UUID:
            case TIMEUUID:
                return new MiscCodecs.UuidCodec(t);
            case TIMESTAMP:
                return new TimeCodecs.TimestampCodec(t);
            case DATE:
                return new TimeCodecs.DateCodec(t);
            case TIME:
                return new TimeCodecs.TimeCodec(t);
            case DURATION:
                return new TimeCodecs.DurationCodec(t);
            case BLOB:
            case CUSTOM:
                return new TextCodecs.BlobCodec(t);
            case INET:
                return new MiscCodecs.InetCodec(t);
            case LIST:
            case SET:
                return new CollectionCodecs.CollectionCodec(t);
            case MAP:
                return new CollectionCodecs.MapCodec(t);
            case TUPLE:
                return new StructCodecs.TupleCodec(t);
            case UDT:
                return new StructCodecs.UdtCodec(t);
            case VECTOR:
                return new CollectionCodecs.VectorCodec(t);
            default:
                throw new IllegalArgumentException("no codec for CQL type " + t);
        }
    }
}
