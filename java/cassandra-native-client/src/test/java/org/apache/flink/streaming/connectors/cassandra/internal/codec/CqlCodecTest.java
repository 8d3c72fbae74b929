package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CqlCodecTest {

    private static Object roundTrip(CqlType type, Object value) {
        CqlCodec codec = CqlCodec.forType(type);
        byte[] bytes = codec.encodeToBytes(value);
        // also through a RowBuffer cell and a RowReader
        RowBuffer rb = new RowBuffer(16);
        rb.beginRow(1);
        codec.encode(value, rb);
        RowReader reader = new RowReader(rb.finish());
        assertThat(reader.nextRow()).isTrue();
        assertThat(reader.length(0)).isEqualTo(bytes.length);
        Object viaReader = reader.decode(0, type);
        Object decoded = codec.decode(bytes);
        assertThat(viaReader).isEqualTo(decoded);
        return decoded;
    }

    private static void assertRoundTrip(CqlType type, Object value) {
        assertThat(roundTrip(type, value)).isEqualTo(value);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", x & 0xFF));
        }
        return sb.toString();
    }

    private static String enc(CqlType type, Object value) {
        return hex(CqlCodec.forType(type).encodeToBytes(value));
    }

    @Test
    void knownEncodings() {
        assertThat(enc(CqlType.INT, 1)).isEqualTo("00 00 00 01");
        assertThat(enc(CqlType.INT, (short) -1)).isEqualTo("FF FF FF FF");
        assertThat(enc(CqlType.BIGINT, 1)).isEqualTo("00 00 00 00 00 00 00 01");
        assertThat(enc(CqlType.SMALLINT, (short) 258)).isEqualTo("01 02");
        assertThat(enc(CqlType.TINYINT, (byte) -2)).isEqualTo("FE");
        assertThat(enc(CqlType.VARINT, 128)).isEqualTo("00 80");
        assertThat(enc(CqlType.VARINT, -1)).isEqualTo("FF");
        assertThat(enc(CqlType.VARINT, 0L)).isEqualTo("00");
        assertThat(enc(CqlType.VARINT, -128)).isEqualTo("80");
        assertThat(enc(CqlType.VARINT, -129)).isEqualTo("FF 7F");
        assertThat(enc(CqlType.VARINT, BigInteger.valueOf(128))).isEqualTo("00 80");
        assertThat(enc(CqlType.DECIMAL, new BigDecimal("1.5"))).isEqualTo("00 00 00 01 0F");
        assertThat(enc(CqlType.DATE, LocalDate.of(1970, 1, 1))).isEqualTo("80 00 00 00");
        assertThat(enc(CqlType.DATE, LocalDate.of(1969, 12, 31))).isEqualTo("7F FF FF FF");
        assertThat(enc(CqlType.DURATION, CqlDuration.of(1, 2, 3))).isEqualTo("02 04 06");
        assertThat(enc(CqlType.DURATION, CqlDuration.of(-1, 0, -64))).isEqualTo("01 00 7F");
        assertThat(enc(CqlType.DURATION, CqlDuration.of(0, 0, 64))).isEqualTo("00 00 80 80");
        assertThat(enc(CqlType.BOOLEAN, true)).isEqualTo("01");
        assertThat(enc(CqlType.FLOAT, 1.0f)).isEqualTo("3F 80 00 00");
        assertThat(enc(CqlType.DOUBLE, 1.0f)).isEqualTo("3F F0 00 00 00 00 00 00");
        assertThat(enc(CqlType.TIMESTAMP, 1000L)).isEqualTo("00 00 00 00 00 00 03 E8");
        assertThat(enc(CqlType.TEXT, "é")).isEqualTo("C3 A9");
        assertThat(enc(CqlType.ASCII, "AB")).isEqualTo("41 42");
        assertThat(enc(CqlType.list(CqlType.INT), Arrays.asList(1, 2)))
                .isEqualTo("00 00 00 02 00 00 00 04 00 00 00 01 00 00 00 04 00 00 00 02");
        assertThat(enc(CqlType.map(CqlType.TEXT, CqlType.TINYINT), Collections.singletonMap("a", (byte) 5)))
                .isEqualTo("00 00 00 01 00 00 00 01 61 00 00 00 01 05");
        assertThat(enc(CqlType.tuple(CqlType.INT, CqlType.TEXT), new Object[] {7, null}))
                .isEqualTo("00 00 00 04 00 00 00 07 FF FF FF FF");
        assertThat(enc(CqlType.vector(CqlType.FLOAT, 2), new float[] {1.0f, 2.0f}))
                .isEqualTo("3F 80 00 00 40 00 00 00");
    }

    @Test
    void vintMatchesCassandraForAllSizes() {
        long[] samples = {0, 1, 63, 64, 127, 128, 8191, 8192, 1L << 20, 1L << 27, 1L << 34,
                1L << 41, 1L << 48, 1L << 55, 1L << 56, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (long v : samples) {
            for (long x : new long[] {v, -v, v - 1}) {
                RowBuffer rb = new RowBuffer(16);
                VIntCoding.writeSignedVInt(x, rb);
                ByteBuffer b = rb.finish();
                int size = b.limit() - 4;
                assertThat(size).isEqualTo(VIntCoding.unsignedVIntSize(VIntCoding.zigZag(x)));
                assertThat(VIntCoding.sizeAt(b, 4)).isEqualTo(size);
                assertThat(VIntCoding.readSignedVInt(b, 4)).isEqualTo(x);
            }
        }
    }

    @Test
    void primitivesRoundTrip() {
        assertRoundTrip(CqlType.ASCII, "hello");
        assertRoundTrip(CqlType.ASCII, "");
        assertRoundTrip(CqlType.TEXT, "日本語 ✓ émoji 🎉");
        assertRoundTrip(CqlType.TEXT, "");
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            longText.append("ü🎉x");
        }
        assertRoundTrip(CqlType.TEXT, longText.toString());
        assertRoundTrip(CqlType.INT, Integer.MIN_VALUE);
        assertRoundTrip(CqlType.INT, Integer.MAX_VALUE);
        assertRoundTrip(CqlType.BIGINT, Long.MIN_VALUE);
        assertRoundTrip(CqlType.BIGINT, Long.MAX_VALUE);
        assertRoundTrip(CqlType.COUNTER, 42L);
        assertRoundTrip(CqlType.SMALLINT, Short.MIN_VALUE);
        assertRoundTrip(CqlType.TINYINT, Byte.MIN_VALUE);
        assertThat(roundTrip(CqlType.INT, (byte) 3)).isEqualTo(3);
        assertThat(roundTrip(CqlType.BIGINT, 3)).isEqualTo(3L);
        assertThat(roundTrip(CqlType.SMALLINT, (byte) -3)).isEqualTo((short) -3);
        assertThat(roundTrip(CqlType.VARINT, Long.MIN_VALUE)).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
        BigInteger huge = BigInteger.TEN.pow(100).negate().subtract(BigInteger.ONE);
        assertRoundTrip(CqlType.VARINT, huge);
        assertRoundTrip(CqlType.VARINT, BigInteger.ZERO);
        assertRoundTrip(CqlType.DECIMAL, new BigDecimal("-123.456"));
        assertRoundTrip(CqlType.DECIMAL, new BigDecimal(huge, -17));
        assertRoundTrip(CqlType.DECIMAL, new BigDecimal(huge, 300));
        assertRoundTrip(CqlType.DECIMAL, new BigDecimal("1E+10"));
        assertRoundTrip(CqlType.FLOAT, -0.0f);
        assertThat(Float.floatToRawIntBits((Float) roundTrip(CqlType.FLOAT, -0.0f)))
                .isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertRoundTrip(CqlType.FLOAT, Float.NaN);
        assertRoundTrip(CqlType.FLOAT, Float.MIN_VALUE);
        assertRoundTrip(CqlType.DOUBLE, Double.NaN);
        assertRoundTrip(CqlType.DOUBLE, Double.NEGATIVE_INFINITY);
        assertRoundTrip(CqlType.DOUBLE, Double.MAX_VALUE);
        assertThat(roundTrip(CqlType.DOUBLE, 1.5f)).isEqualTo(1.5d);
        assertRoundTrip(CqlType.BOOLEAN, true);
        assertRoundTrip(CqlType.BOOLEAN, false);
        assertRoundTrip(CqlType.UUID, UUID.randomUUID());
        UUID v1 = UUID.fromString("8c2ee0a0-1dd2-11b2-8080-808080808080");
        assertThat(v1.version()).isEqualTo(1);
        assertRoundTrip(CqlType.TIMEUUID, v1);
        assertRoundTrip(CqlType.TIMESTAMP, Instant.ofEpochMilli(-86_400_000L * 365 * 500));
        assertRoundTrip(CqlType.TIMESTAMP, Instant.ofEpochMilli(253402300799999L));
        assertThat(roundTrip(CqlType.TIMESTAMP, new java.util.Date(1234L))).isEqualTo(Instant.ofEpochMilli(1234));
        assertThat(roundTrip(CqlType.TIMESTAMP, new java.sql.Timestamp(5678L))).isEqualTo(Instant.ofEpochMilli(5678));
        assertThat(roundTrip(CqlType.TIMESTAMP, -1L)).isEqualTo(Instant.ofEpochMilli(-1));
        assertRoundTrip(CqlType.DATE, LocalDate.of(1, 1, 1));
        assertRoundTrip(CqlType.DATE, LocalDate.of(1969, 7, 20));
        assertRoundTrip(CqlType.DATE, LocalDate.of(9999, 12, 31));
        assertRoundTrip(CqlType.DATE, LocalDate.ofEpochDay(Integer.MAX_VALUE));
        assertRoundTrip(CqlType.DATE, LocalDate.ofEpochDay(Integer.MIN_VALUE));
        assertThat(roundTrip(CqlType.DATE, java.sql.Date.valueOf("2020-02-29"))).isEqualTo(LocalDate.of(2020, 2, 29));
        assertRoundTrip(CqlType.TIME, LocalTime.MAX);
        assertRoundTrip(CqlType.TIME, LocalTime.MIDNIGHT);
        assertThat(roundTrip(CqlType.TIME, 86_399_999_999_999L)).isEqualTo(LocalTime.MAX);
        assertRoundTrip(CqlType.DURATION, CqlDuration.of(-14, -3, -1));
        assertRoundTrip(CqlType.DURATION, CqlDuration.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
        assertRoundTrip(CqlType.DURATION, CqlDuration.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE));
        assertRoundTrip(CqlType.DURATION, CqlDuration.of(0, 0, 0));
        assertThat(roundTrip(CqlType.DURATION, Duration.ofSeconds(-90))).isEqualTo(CqlDuration.of(0, 0, -90_000_000_000L));
        assertThat((byte[]) roundTrip(CqlType.BLOB, new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat((byte[]) roundTrip(CqlType.BLOB, new byte[0])).isEmpty();
        ByteBuffer bb = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        bb.position(1);
        assertThat((byte[]) roundTrip(CqlType.BLOB, bb)).containsExactly(8, 7, 6);
        assertThat(bb.position()).isEqualTo(1);
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {4, 5, 6});
        direct.flip();
        assertThat((byte[]) roundTrip(CqlType.BLOB, direct)).containsExactly(4, 5, 6);
        assertThat(direct.position()).isZero();
        assertThat((byte[]) roundTrip(CqlType.custom("com.example.MyType"), new byte[] {1})).containsExactly(1);
    }

    @Test
    void inetRoundTrip() throws Exception {
        assertRoundTrip(CqlType.INET, InetAddress.getByName("127.0.0.1"));
        assertRoundTrip(CqlType.INET, InetAddress.getByName("::1"));
        assertThat(enc(CqlType.INET, InetAddress.getByName("10.0.0.2"))).isEqualTo("0A 00 00 02");
    }

    @Test
    void nullsAndEmptyValues() {
        assertThat(CqlCodec.forType(CqlType.INT).encodeToBytes(null)).isNull();
        assertThat(CqlCodec.forType(CqlType.INT).decode((byte[]) null)).isNull();
        assertThat(CqlCodec.forType(CqlType.INT).decode(new byte[0])).isNull();
        assertThat(CqlCodec.forType(CqlType.list(CqlType.INT)).decode(new byte[0])).isNull();
        assertThat(CqlCodec.forType(CqlType.TEXT).decode(new byte[0])).isEqualTo("");
        assertThat(CqlCodec.forType(CqlType.ASCII).decode(new byte[0])).isEqualTo("");
        assertThat((byte[]) CqlCodec.forType(CqlType.BLOB).decode(new byte[0])).isEmpty();
    }

    @Test
    void collectionsRoundTrip() {
        assertRoundTrip(CqlType.list(CqlType.INT), Arrays.asList(1, 2, 3));
        assertRoundTrip(CqlType.list(CqlType.TEXT), new ArrayList<>());
        assertRoundTrip(CqlType.set(CqlType.TEXT), new LinkedHashSet<>(Arrays.asList("b", "a")));
        assertRoundTrip(CqlType.set(CqlType.INT), new LinkedHashSet<>());
        assertThat(roundTrip(CqlType.list(CqlType.BIGINT), new Object[] {1L, 2})).isEqualTo(Arrays.asList(1L, 2L));
        assertThat(roundTrip(CqlType.set(CqlType.INT), new Integer[] {5, 6})).isInstanceOf(Set.class);
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("x", 1);
        m.put("y", 2);
        assertRoundTrip(CqlType.map(CqlType.TEXT, CqlType.INT), m);
        assertRoundTrip(CqlType.map(CqlType.TEXT, CqlType.INT), new HashMap<>());

        CqlType nested =
                CqlType.map(CqlType.TEXT, CqlType.list(CqlType.set(CqlType.map(CqlType.INT, CqlType.UUID))));
        Map<Integer, UUID> inner = new LinkedHashMap<>();
        inner.put(1, new UUID(1, 2));
        inner.put(2, new UUID(3, 4));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("k", Arrays.asList(new LinkedHashSet<>(Collections.singletonList(inner)), new LinkedHashSet<>()));
        outer.put("empty", new ArrayList<>());
        assertRoundTrip(nested, outer);
    }

    @Test
    void tuplesAndUdtsRoundTrip() {
        CqlType tuple = CqlType.tuple(CqlType.INT, CqlType.TEXT, CqlType.list(CqlType.DOUBLE));
        assertRoundTrip(tuple, Arrays.asList(1, "a", Arrays.asList(1.0, 2.0)));
        assertThat(roundTrip(tuple, new Object[] {null, "b", null})).isEqualTo(Arrays.asList(null, "b", null));

        CqlType address = CqlType.udt("ks", "address",
                Arrays.asList("street", "zip", "tags"),
                Arrays.asList(CqlType.TEXT, CqlType.INT, CqlType.set(CqlType.TEXT)));
        CqlType person = CqlType.udt("ks", "person",
                Arrays.asList("name", "addresses", "pos"),
                Arrays.asList(CqlType.TEXT, CqlType.list(address), CqlType.tuple(CqlType.FLOAT, CqlType.FLOAT)));
        Map<String, Object> a1 = new LinkedHashMap<>();
        a1.put("street", "Main St");
        a1.put("zip", null);
        a1.put("tags", new LinkedHashSet<>(Arrays.asList("home")));
        Map<String, Object> p = new HashMap<>();
        p.put("name", "Ann");
        p.put("addresses", Arrays.asList(a1));
        // "pos" is missing: written as null
        @SuppressWarnings("unchecked") // the codec returns a Map for a UDT
        Map<String, Object> decoded = (Map<String, Object>) roundTrip(person, p);
        assertThat(decoded).containsOnlyKeys("name", "addresses", "pos");
        assertThat(new ArrayList<>(decoded.keySet())).containsExactly("name", "addresses", "pos");
        assertThat(decoded.get("name")).isEqualTo("Ann");
        assertThat(decoded.get("pos")).isNull();
        assertThat(decoded.get("addresses")).isEqualTo(Arrays.asList(a1));
    }

    @Test
    void udtWithFewerSerializedFieldsDecodesMissingAsNull() {
        CqlType old = CqlType.udt("ks", "u", Arrays.asList("a"), Arrays.asList(CqlType.INT));
        CqlType grown = CqlType.udt("ks", "u", Arrays.asList("a", "b"), Arrays.asList(CqlType.INT, CqlType.TEXT));
        byte[] bytes = CqlCodec.forType(old).encodeToBytes(Collections.singletonMap("a", 1));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", null);
        assertThat(CqlCodec.forType(grown).decode(bytes)).isEqualTo(expected);
    }

    @Test
    void vectorsRoundTrip() {
        CqlType v = CqlType.custom("org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType,3)");
        assertThat(v.kind()).isEqualTo(CqlType.Kind.VECTOR);
        assertThat(roundTrip(v, new float[] {1f, -0.0f, Float.NaN})).isEqualTo(Arrays.asList(1f, -0.0f, Float.NaN));
        assertRoundTrip(v, Arrays.asList(1f, 2f, 3f));
        CqlType texts = CqlType.vector(CqlType.TEXT, 2);
        assertRoundTrip(texts, Arrays.asList("a", "日本語"));
        assertThat(enc(texts, Arrays.asList("a", "bc"))).isEqualTo("01 61 02 62 63");
        assertThatThrownBy(() -> CqlCodec.forType(v).encodeToBytes(new float[2]))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessageContaining("expected 3 elements, got 2");
    }

    /** Runs {@code body} with record values shown in error messages (the debug option). */
    static void withValuesShown(Runnable body) {
        String old = System.getProperty(ValuePreview.SHOW_VALUES_PROPERTY);
        System.setProperty(ValuePreview.SHOW_VALUES_PROPERTY, "true");
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(ValuePreview.SHOW_VALUES_PROPERTY);
            } else {
                System.setProperty(ValuePreview.SHOW_VALUES_PROPERTY, old);
            }
        }
    }

    @Test
    void rejectsWrongJavaTypes() {
        withValuesShown(CqlCodecTest::rejectsWrongJavaTypesShowingValues);
    }

    private static void rejectsWrongJavaTypesShowingValues() {
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.INT).encodeToBytes("abc"))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Cannot write java.lang.String \"abc\" to CQL type int: expected Integer, Short or Byte");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.INT).encodeToBytes(1L))
                .hasMessageContaining("java.lang.Long 1");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.TINYINT).encodeToBytes(1))
                .hasMessageContaining("expected Byte");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.FLOAT).encodeToBytes(1.0d))
                .hasMessageContaining("expected Float");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.ASCII).encodeToBytes("café"))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessageContaining("is not ASCII");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.TIMEUUID).encodeToBytes(UUID.randomUUID()))
                .hasMessageContaining("version 1");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.TIME).encodeToBytes(86_400_000_000_000L))
                .hasMessageContaining("0..86399999999999");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.TIME).encodeToBytes(-1L))
                .isInstanceOf(CassandraInvalidValueException.class);
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.DATE).encodeToBytes(LocalDate.MAX))
                .isInstanceOf(CassandraInvalidValueException.class);
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.TIMESTAMP).encodeToBytes(Instant.MAX))
                .isInstanceOf(CassandraInvalidValueException.class);
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.DURATION).encodeToBytes(Duration.ofDays(365L * 1000)))
                .isInstanceOf(CassandraInvalidValueException.class);
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.list(CqlType.INT)).encodeToBytes(Arrays.asList(1, "x")))
                .hasMessageContaining("element 1: cannot write java.lang.String \"x\" as int: expected Integer, Short or Byte");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.list(CqlType.INT)).encodeToBytes(Arrays.asList(1, null)))
                .hasMessageContaining("cannot be null");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.map(CqlType.TEXT, CqlType.INT))
                        .encodeToBytes(Collections.singletonMap("k", null)))
                .hasMessageContaining("map values cannot be null");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.tuple(CqlType.INT, CqlType.INT)).encodeToBytes(new Object[] {1}))
                .hasMessageContaining("expected 2 components, got 1");
        CqlType udt = CqlType.udt("ks", "u", Arrays.asList("a", "b"), Arrays.asList(CqlType.INT, CqlType.TEXT));
        assertThatThrownBy(() -> CqlCodec.forType(udt).encodeToBytes(Collections.singletonMap("c", 1)))
                .hasMessageContaining("unknown field \"c\"");
        assertThatThrownBy(() -> CqlCodec.forType(udt).encodeToBytes(Collections.singletonMap("b", 1)))
                .hasMessageContaining("field b: cannot write java.lang.Integer 1 as text: expected String");
    }

    @Test
    void longValuesArePreviewedShortly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append('x');
        }
        withValuesShown(() -> assertThatThrownBy(() -> CqlCodec.forType(CqlType.INT).encodeToBytes(sb.toString()))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(150))
                .hasMessageContaining("..."));
    }

    /** Values are often personal data: by default no part of them reaches an error message. */
    @Test
    void errorMessagesHideValuesByDefault() {
        assertThat(System.getProperty(ValuePreview.SHOW_VALUES_PROPERTY)).isNull();
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.INT).encodeToBytes("secret-abc"))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessage("Cannot write java.lang.String to CQL type int: expected Integer, Short or Byte");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.ASCII).encodeToBytes("Zoë secret"))
                .hasMessageContaining("not ASCII")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret", "ë", "Zo", "00EB"));
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.list(CqlType.INT)).encodeToBytes(Arrays.asList(1, "secret")))
                .hasMessageContaining("element 1: cannot write java.lang.String as int")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret", "[1"));
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.map(CqlType.TEXT, CqlType.INT))
                        .encodeToBytes(Collections.singletonMap("secret-key", "v")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.INET).encodeToBytes("secret.example.com"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.UUID).encodeToBytes("secret-uuid"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        withValuesShown(() -> assertThatThrownBy(() -> CqlCodec.forType(CqlType.INT).encodeToBytes("secret-abc"))
                .hasMessage("Cannot write java.lang.String \"secret-abc\" to CQL type int: expected Integer, Short or Byte"));
    }

    /**
     * inet also takes the numeric text form (an InetAddress cannot cross a Flink shuffle on Java
     * 17); a host name is rejected, never looked up.
     */
    @Test
    void inetAcceptsNumericTextButNoHostNames() throws Exception {
        assertThat(enc(CqlType.INET, "192.0.2.33")).isEqualTo("C0 00 02 21");
        assertThat(roundTrip(CqlType.INET, "2001:db8::1")).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(roundTrip(CqlType.INET, "::1")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(CqlCodec.forType(CqlType.INET).encodeToBytes("2001:DB8:0:0:0:0:0:1")).hasSize(16);
        for (String bad : Arrays.asList("localhost", "example.com", "192.0.2", "192.0.2.256", "1.2.3.4.5",
                "01.2.3.4x", "2001:db8::g", "[::1]", "", " 192.0.2.1")) {
            assertThatThrownBy(() -> CqlCodec.forType(CqlType.INET).encodeToBytes(bad))
                    .as(bad)
                    .isInstanceOf(CqlEncodeException.class)
                    .hasMessageContaining("numeric IPv4 or IPv6 address")
                    .hasMessageContaining("host names are not looked up");
        }
    }

    /** uuid and timeuuid also take the canonical text form; a timeuuid must be version 1. */
    @Test
    void uuidsAcceptTheirTextForm() {
        String v4 = "0f14d0ab-9605-4a62-a9e4-5ed26688389b";
        String v1 = "50554d6e-29bb-11e5-b345-feff819cdc9f";
        assertThat(roundTrip(CqlType.UUID, v4)).isEqualTo(UUID.fromString(v4));
        assertThat(roundTrip(CqlType.UUID, v1.toUpperCase())).isEqualTo(UUID.fromString(v1));
        assertThat(roundTrip(CqlType.TIMEUUID, v1)).isEqualTo(UUID.fromString(v1));
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.TIMEUUID).encodeToBytes(v4))
                .isInstanceOf(CqlEncodeException.class)
                .hasMessageContaining("expected a version 1 UUID, got version 4");
        // UUID.fromString accepts "1-1-1-1-1"; the codec takes only the canonical 8-4-4-4-12 form
        for (String bad : Arrays.asList("1-1-1-1-1", "0f14d0ab96054a62a9e45ed26688389b", v4 + "0", "0f14d0ab-9605-4a62-a9e4-5ed26688389g")) {
            assertThatThrownBy(() -> CqlCodec.forType(CqlType.UUID).encodeToBytes(bad))
                    .as(bad)
                    .isInstanceOf(CqlEncodeException.class)
                    .hasMessageContaining("8-4-4-4-12");
        }
    }

    @Test
    void malformedBytesAreRejected() {
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.INT).decode(new byte[] {1, 2, 3}))
                .isInstanceOf(CassandraInvalidValueException.class)
                .hasMessageContaining("Cannot decode 3 bytes as CQL type int");
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.list(CqlType.INT)).decode(new byte[] {0, 0, 0, 1, 0, 0, 0, 4}))
                .isInstanceOf(CassandraInvalidValueException.class);
    }

    @Test
    void durations() {
        assertThatThrownBy(() -> CqlDuration.of(1, -1, 0)).isInstanceOf(CassandraInvalidValueException.class);
        assertThat(CqlDuration.of(14, 3, 3_723_004_005_006L).toString()).isEqualTo("1y2mo3d1h2m3s4ms5us6ns");
        assertThat(CqlDuration.of(0, -2, 0).toString()).isEqualTo("-2d");
        assertThat(CqlDuration.of(0, 0, 0).toString()).isEqualTo("0s");
        assertThat(CqlDuration.of(0, 0, Long.MIN_VALUE).toString()).startsWith("-2562047h");
        assertThat(CqlDuration.from(Duration.ofMillis(1500))).isEqualTo(CqlDuration.of(0, 0, 1_500_000_000L));
        assertThat(CqlDuration.of(1, 2, 3)).hasSameHashCodeAs(CqlDuration.of(1, 2, 3));
    }

    @Test
    void codecsAreCachedPerType() {
        assertThat(CqlCodec.forType(CqlType.list(CqlType.INT))).isSameAs(CqlCodec.forType(CqlType.list(CqlType.INT)));
        List<Object> unsetInList = Arrays.asList(1, CqlCodec.UNSET);
        assertThatThrownBy(() -> CqlCodec.forType(CqlType.list(CqlType.INT)).encodeToBytes(unsetInList))
                .isInstanceOf(CassandraInvalidValueException.class);
    }
}
