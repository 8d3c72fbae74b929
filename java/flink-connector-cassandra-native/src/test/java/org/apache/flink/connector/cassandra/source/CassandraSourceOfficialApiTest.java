package org.apache.flink.connector.cassandra.source;

import com.datastax.driver.core.Cluster;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraEnumeratorState;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraEnumeratorStateSerializer;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.connector.cassandra.source.split.CassandraSplitSerializer;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official connector's source API, without a server: builder checks, splits and state. */
class CassandraSourceOfficialApiTest {
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static final ClusterBuilder CLUSTER = new ClusterBuilder() {
        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint("127.0.0.1").build();
        }
    };

    /** A public POJO for the builder. */
    public static class Pojo {
        public int id;
    }

    @Test
    void builderChecksWhatIsRequired() {
        assertThatThrownBy(() -> CassandraSource.builder().setQuery("SELECT id FROM ks.t;").buildForPojo(Pojo.class))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ClusterBuilder is required");
        assertThatThrownBy(() -> CassandraSource.builder().setClusterBuilder(CLUSTER).buildForPojo(Pojo.class))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Query is required");
        assertThatThrownBy(() -> CassandraSource.builder().setClusterBuilder(CLUSTER).setQuery("SELECT id FROM ks.t;")
                        .buildForRowData(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("RowType is required");
    }

    @Test
    void builderProducesTheRequestedTypes() {
        CassandraSource<Pojo> pojos = CassandraSource.builder()
                .setClusterBuilder(CLUSTER)
                .setQuery("SELECT id FROM ks.t;")
                .setMaxSplitMemorySize(MemorySize.ofMebiBytes(16))
                .buildForPojo(Pojo.class);
        assertThat(pojos.getProducedType()).isEqualTo(TypeInformation.of(Pojo.class));
        assertThat(pojos.toString()).contains(String.valueOf(MemorySize.ofMebiBytes(16).getBytes()));

        CassandraSource<RowData> rows = CassandraSource.builder()
                .setClusterBuilder(CLUSTER)
                .setQuery("SELECT id FROM ks.t")
                .buildForRowData(RowType.of(new LogicalType[] {new IntType()}, new String[] {"id"}));
        assertThat(rows.getProducedType()).isEqualTo(TypeInformation.of(RowData.class));
    }

    @Test
    void officialSplitRangesKeepTheirMeaning() throws Exception {
        // Official [start, end) is (start - 1, end - 1] here; MIN is no key's token.
        CassandraSplit first = new CassandraSplit(MIN, BigInteger.ZERO);
        assertThat(first.start()).isEqualTo(Long.MIN_VALUE);
        assertThat(first.end()).isEqualTo(-1L);
        assertThat(first.getRingRangeStart()).isEqualTo(MIN);
        assertThat(first.getRingRangeEnd()).isEqualTo(BigInteger.ZERO);

        CassandraSplit second = new CassandraSplit(BigInteger.ZERO, MAX);
        assertThat(second.start()).isEqualTo(-1L);
        assertThat(second.end()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(second.getRingRangeStart()).isEqualTo(BigInteger.ZERO);
        assertThat(second.getRingRangeEnd()).isEqualTo(MAX);

        CassandraSplit restored = CassandraSplitSerializer.INSTANCE.deserialize(
                CassandraSplitSerializer.CURRENT_VERSION, CassandraSplitSerializer.INSTANCE.serialize(second));
        assertThat(restored).isEqualTo(second);
    }

    @Test
    void officialEnumeratorStateHandsOutItsSplits() throws Exception {
        ArrayDeque<CassandraSplit> toReassign = new ArrayDeque<>();
        toReassign.add(new CassandraSplit(BigInteger.valueOf(100), BigInteger.valueOf(200)));
        BigInteger half = BigInteger.ONE.shiftLeft(63);
        CassandraEnumeratorState state = new CassandraEnumeratorState(2, half, MIN, MAX, toReassign);
        assertThat(state.getNumSplitsLeftToGenerate()).isEqualTo(3);

        CassandraEnumeratorState copy = CassandraEnumeratorStateSerializer.INSTANCE.deserialize(
                CassandraEnumeratorStateSerializer.CURRENT_VERSION,
                CassandraEnumeratorStateSerializer.INSTANCE.serialize(state));
        assertThat(copy.unassigned()).isEqualTo(state.unassigned());

        assertThat(state.getNextSplit().getRingRangeStart()).isEqualTo(BigInteger.valueOf(100));
        CassandraSplit low = state.getNextSplit();
        assertThat(low.getRingRangeStart()).isEqualTo(MIN);
        assertThat(low.getRingRangeEnd()).isEqualTo(BigInteger.ZERO);
        CassandraSplit high = state.getNextSplit();
        assertThat(high.getRingRangeStart()).isEqualTo(BigInteger.ZERO);
        assertThat(high.getRingRangeEnd()).isEqualTo(MAX);
        assertThat(state.getNextSplit()).isNull();
        assertThat(state.getNumSplitsLeftToGenerate()).isZero();
    }
}
