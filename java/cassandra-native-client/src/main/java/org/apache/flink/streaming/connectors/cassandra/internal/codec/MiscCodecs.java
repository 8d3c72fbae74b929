package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/** The codecs of inet, boolean, and uuid/timeuuid. */
@Internal
final class MiscCodecs {

    private MiscCodecs() {}

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
}
