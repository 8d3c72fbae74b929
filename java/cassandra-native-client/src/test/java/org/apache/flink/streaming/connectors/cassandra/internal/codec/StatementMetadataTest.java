package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementMetadataTest {

    @Test
    void parsesHandWrittenBlob() {
        ByteBuffer b = ByteBuffer.allocate(300);
        b.putShort((short) 1).putShort((short) 1); // pk = [1]
        b.putShort((short) 2); // 2 vars
        CqlTypeTest.putString(b, "ks");
        CqlTypeTest.putString(b, "t");
        CqlTypeTest.putString(b, "name");
        b.putShort((short) 0x0D);
        CqlTypeTest.putString(b, "ks");
        CqlTypeTest.putString(b, "t");
        CqlTypeTest.putString(b, "id");
        b.putShort((short) 0x20).putShort((short) 0x09);
        b.putShort((short) 1); // 1 result column
        CqlTypeTest.putString(b, "ks");
        CqlTypeTest.putString(b, "t");
        CqlTypeTest.putString(b, "n");
        b.putShort((short) 0x02);
        b.put((byte) 0x55);
        b.flip();

        StatementMetadata m = StatementMetadata.parse(b);
        assertThat(b.remaining()).isEqualTo(1);
        assertThat(m.partitionKeyIndexes()).containsExactly(1);
        assertThat(m.isPartitionKey(1)).isTrue();
        assertThat(m.isPartitionKey(0)).isFalse();
        assertThat(m.isPartitionKey(7)).isFalse();
        assertThat(m.variables()).hasSize(2);
        assertThat(m.variables().get(0).qualifiedName()).isEqualTo("ks.t.name");
        assertThat(m.variables().get(1).type()).isEqualTo(CqlType.list(CqlType.INT));
        assertThat(m.resultColumns()).containsExactly(new ColumnSpec("ks", "t", "n", CqlType.BIGINT));
        assertThat(m.variableTypes()).containsExactly(CqlType.TEXT, CqlType.list(CqlType.INT));
    }

    @Test
    void roundTripsThroughToBytes() {
        CqlType udt = CqlType.udt("ks", "u", Arrays.asList("a"), Arrays.asList(CqlType.map(CqlType.INT, CqlType.TEXT)));
        StatementMetadata m = new StatementMetadata(new int[] {0, 2},
                Arrays.asList(new ColumnSpec("ks", "t", "a", CqlType.INT),
                        new ColumnSpec("ks", "t", "b", udt),
                        new ColumnSpec("ks", "t", "c", CqlType.vector(CqlType.FLOAT, 4))),
                Collections.emptyList());
        StatementMetadata parsed = StatementMetadata.parse(ByteBuffer.wrap(m.toBytes()));
        assertThat(parsed.variables()).isEqualTo(m.variables());
        assertThat(parsed.partitionKeyIndexes()).containsExactly(0, 2);
        assertThat(parsed.resultColumns()).isEmpty();
    }

    @Test
    void malformedBlobFails() {
        assertThatThrownBy(() -> StatementMetadata.parse(ByteBuffer.wrap(new byte[] {0, 1})))
                .isInstanceOf(CassandraConnectorException.class)
                .hasMessageContaining("Malformed");
        // pk index 3 but no variables
        assertThatThrownBy(() -> StatementMetadata.parse(ByteBuffer.wrap(new byte[] {0, 1, 0, 3, 0, 0, 0, 0})))
                .isInstanceOf(CassandraConnectorException.class);
    }
}
