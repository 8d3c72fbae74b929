package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CqlTypeTest {

    private static ByteBuffer bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return ByteBuffer.wrap(a);
    }

    @Test
    void readsPrimitives() {
        assertThat(CqlType.read(bytes(0, 0x09))).isEqualTo(CqlType.INT);
        assertThat(CqlType.read(bytes(0, 0x0D)).toString()).isEqualTo("text");
        assertThat(CqlType.read(bytes(0, 0x0A))).isEqualTo(CqlType.VARCHAR);
        assertThat(CqlType.read(bytes(0, 0x15)).toString()).isEqualTo("duration");
        for (CqlType.Kind k : CqlType.Kind.values()) {
            if (k.isPrimitive()) {
                CqlType t = CqlType.primitive(k);
                assertThat(CqlType.read(ByteBuffer.wrap(t.toOptionBytes()))).isSameAs(t);
            }
        }
    }

    @Test
    void readsNestedOptionsAndAdvances() {
        // map<text, frozen<set<uuid>>> followed by an extra byte
        ByteBuffer b = bytes(0, 0x21, 0, 0x0D, 0, 0x22, 0, 0x0C, 0x7F);
        CqlType t = CqlType.read(b);
        assertThat(t.kind()).isEqualTo(CqlType.Kind.MAP);
        assertThat(t.keyType()).isEqualTo(CqlType.TEXT);
        assertThat(t.valueType()).isEqualTo(CqlType.set(CqlType.UUID));
        assertThat(t.toString()).isEqualTo("map<text, set<uuid>>");
        assertThat(b.position()).isEqualTo(8);
        assertThat(t).isEqualTo(CqlType.map(CqlType.TEXT, CqlType.set(CqlType.UUID)));
        assertThat(t.hashCode()).isEqualTo(CqlType.map(CqlType.TEXT, CqlType.set(CqlType.UUID)).hashCode());
        assertThat(t).isNotEqualTo(CqlType.map(CqlType.TEXT, CqlType.list(CqlType.UUID)));
    }

    @Test
    void readsUdtAndTuple() {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 0x30);
        putString(b, "ks");
        putString(b, "addr");
        b.putShort((short) 2);
        putString(b, "street");
        b.putShort((short) 0x0D);
        putString(b, "pos");
        b.putShort((short) 0x31);
        b.putShort((short) 2);
        b.putShort((short) 0x09);
        b.putShort((short) 0x20);
        b.putShort((short) 0x08);
        b.flip();
        CqlType t = CqlType.read(b);
        assertThat(b.hasRemaining()).isFalse();
        assertThat(t.kind()).isEqualTo(CqlType.Kind.UDT);
        assertThat(t.udtKeyspace()).isEqualTo("ks");
        assertThat(t.udtName()).isEqualTo("addr");
        assertThat(t.fieldNames()).containsExactly("street", "pos");
        assertThat(t.fieldTypes().get(1).componentTypes()).containsExactly(CqlType.INT, CqlType.list(CqlType.FLOAT));
        assertThat(t.toString()).isEqualTo("ks.addr");
        assertThat(t.fieldTypes().get(1).toString()).isEqualTo("tuple<int, list<float>>");
        assertThat(CqlType.read(ByteBuffer.wrap(t.toOptionBytes()))).isEqualTo(t);
    }

    @Test
    void readsCustomAndVector() {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 0);
        putString(b, "org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType,3)");
        b.putShort((short) 0);
        putString(b, "com.example.Custom");
        b.flip();
        CqlType v = CqlType.read(b);
        assertThat(v.kind()).isEqualTo(CqlType.Kind.VECTOR);
        assertThat(v.elementType()).isEqualTo(CqlType.FLOAT);
        assertThat(v.dimension()).isEqualTo(3);
        assertThat(v.toString()).isEqualTo("vector<float, 3>");
        assertThat(CqlType.read(ByteBuffer.wrap(v.toOptionBytes()))).isEqualTo(v);
        CqlType c = CqlType.read(b);
        assertThat(c.kind()).isEqualTo(CqlType.Kind.CUSTOM);
        assertThat(c.customClassName()).isEqualTo("com.example.Custom");
        assertThat(c.toString()).isEqualTo("'com.example.Custom'");
        assertThat(CqlType.custom("org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.ListType(org.apache.cassandra.db.marshal.Int32Type),2)"))
                .isEqualTo(CqlType.vector(CqlType.list(CqlType.INT), 2));
        assertThat(CqlType.custom("org.apache.cassandra.db.marshal.VectorType(com.x.Unknown,2)").kind())
                .isEqualTo(CqlType.Kind.CUSTOM);
    }

    @Test
    void toStringOfComposites() {
        assertThat(CqlType.list(CqlType.INT).toString()).isEqualTo("list<int>");
        assertThat(CqlType.map(CqlType.TEXT, CqlType.set(CqlType.UUID)).toString()).isEqualTo("map<text, set<uuid>>");
        assertThat(CqlType.tuple(Arrays.asList(CqlType.INT, CqlType.TEXT)).toString()).isEqualTo("tuple<int, text>");
    }

    @Test
    void malformedOptionsFail() {
        assertThatThrownBy(() -> CqlType.read(bytes(0, 0x20))).isInstanceOf(CassandraConnectorException.class);
        assertThatThrownBy(() -> CqlType.read(bytes(0x7F, 0x7F)))
                .isInstanceOf(CassandraConnectorException.class)
                .hasMessageContaining("unknown CQL type id");
    }

    static void putString(ByteBuffer b, String s) {
        byte[] a = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) a.length);
        b.put(a);
    }
}
