package org.apache.flink.connector.cassandra.source;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.source.CassandraQuery;
import org.apache.flink.streaming.connectors.cassandra.internal.source.TableRanges;
import org.apache.flink.streaming.connectors.cassandra.internal.source.TokenRange;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraEnumeratorState;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraEnumeratorStateSerializer;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.connector.cassandra.source.split.CassandraSplitSerializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Query checks, token ring arithmetic and the serializers of the source (no server). */
class CassandraSourceQueryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INSERT INTO ks.t (id) VALUES (1)|only a SELECT",
        "SELECT id FROM t|qualified with its keyspace",
        "SELECT id FROM ks.t LIMIT 10|LIMIT would apply per token range",
        "SELECT id FROM ks.t PER PARTITION LIMIT 1|PER PARTITION LIMIT",
        "SELECT id FROM ks.t WHERE c > 1 ORDER BY c DESC|ORDER BY",
        "SELECT id, max(v) FROM ks.t GROUP BY id|aggregate MAX",
        "SELECT count(*) FROM ks.t|aggregate COUNT",
        "SELECT id FROM ks.t WHERE token(id) > 5|token(..) restriction",
        "SELECT id FROM ks.t WHERE v = ?|bind markers",
        "SELECT id FROM ks.t, ks.u|one table",
        "SELECT id FROM ks.t USING TTL 5|unexpected 'USING'",
        "SELECT id|no FROM clause",
        "SELECT id FROM ks.t WHERE|empty WHERE",
    })
    void badQueriesAreRejectedNamingTheProblem(String query, String problem) {
        assertThatThrownBy(() -> CassandraQuery.parse(query))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining(query);
    }

    @Test
    void partitionKeyRestrictionsAreRejectedOnceTheKeyIsKnown() {
        CassandraQuery query = CassandraQuery.parse("SELECT * FROM ks.t WHERE ID = 5 ALLOW FILTERING");
        assertThatThrownBy(() -> query.checkWhereAgainst(List.of("id")))
                .hasMessageContaining("restricts the partition key column 'id'");
        CassandraQuery onOther = CassandraQuery.parse("SELECT * FROM ks.t WHERE \"Id\" = 5 ALLOW FILTERING");
        onOther.checkWhereAgainst(List.of("id"));
    }

    @Test
    void theTokenRestrictionIsAddedBeforeTheUsersConditions() {
        CassandraQuery plain = CassandraQuery.parse("select id, v from KS.\"Tab\";");
        assertThat(plain.keyspace()).isEqualTo("ks");
        assertThat(plain.table()).isEqualTo("Tab");
        assertThat(plain.rangeQuery(List.of("id")))
                .isEqualTo("select id, v from KS.\"Tab\" WHERE token(id) > ? AND token(id) <= ?");
        CassandraQuery filtered = CassandraQuery.parse(
                "SELECT * FROM ks.t WHERE v = 'limit ? order by' allow filtering");
        assertThat(filtered.rangeQuery(List.of("a", "B")))
                .isEqualTo("SELECT * FROM ks.t WHERE token(a, \"B\") > ? AND token(a, \"B\") <= ?"
                        + " AND v = 'limit ? order by' ALLOW FILTERING");
        assertThat(CassandraQuery.isSplittable("SELECT * FROM ks.t LIMIT 3")).isFalse();
    }

    @Test
    void aLimitPerRangeGoesBeforeAllowFilteringAndIsPositive() {
        CassandraQuery filtered = CassandraQuery.parse("SELECT * FROM ks.t WHERE v = 1 ALLOW FILTERING").withLimitPerRange(5);
        assertThat(filtered.rangeQuery(List.of("id")))
                .isEqualTo("SELECT * FROM ks.t WHERE token(id) > ? AND token(id) <= ? AND v = 1 LIMIT 5 ALLOW FILTERING");
        assertThatThrownBy(() -> CassandraQuery.parse("SELECT * FROM ks.t").withLimitPerRange(0))
                .hasMessageContaining("at least 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 1000})
    void splitsCoverTheWholeRingContiguously(int n) {
        List<long[]> ranges = TokenRange.split(n);
        assertThat(ranges).hasSize(n);
        assertThat(ranges.get(0)[0]).isEqualTo(Long.MIN_VALUE);
        assertThat(ranges.get(n - 1)[1]).isEqualTo(Long.MAX_VALUE);
        BigInteger covered = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            assertThat(ranges.get(i)[0]).isLessThan(ranges.get(i)[1]);
            if (i > 0) {
                assertThat(ranges.get(i)[0]).isEqualTo(ranges.get(i - 1)[1]);
            }
            covered = covered.add(BigInteger.valueOf(ranges.get(i)[1]).subtract(BigInteger.valueOf(ranges.get(i)[0])));
        }
        // (MIN, MAX] holds every token Murmur3 gives a key (it never gives MIN).
        assertThat(covered).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    }

    @Test
    void wrappingRangesBecomeTwo() {
        assertThat(TokenRange.unwrap(100, -100)).containsExactly(
                new long[] {100, Long.MAX_VALUE}, new long[] {Long.MIN_VALUE, -100});
        assertThat(TokenRange.unwrap(-5, 5)).containsExactly(new long[] {-5, 5});
        assertThat(TokenRange.unwrap(Long.MIN_VALUE, Long.MIN_VALUE)).containsExactly(
                new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
    }

    @Test
    void splitCountFollowsSizeOrParallelism() {
        assertThat(TableRanges.splitCount(7, 1L << 40, 1, 4, 4)).isEqualTo(7);
        assertThat(TableRanges.splitCount(null, 0, 64L << 20, 4, 4)).isEqualTo(16);
        assertThat(TableRanges.splitCount(null, 10L << 30, 64L << 20, 2, 4)).isEqualTo(160);
    }

    @Test
    void splitsAndEnumeratorStateRoundTrip() throws Exception {
        CassandraSplit fresh = new CassandraSplit(3, -10, 10);
        CassandraSplit resumed = fresh.resumedAt(new byte[] {1, 2, 3}, 42);
        CassandraSplitSerializer splits = CassandraSplitSerializer.INSTANCE;
        for (CassandraSplit split : Arrays.asList(fresh, resumed)) {
            assertThat(splits.deserialize(splits.getVersion(), splits.serialize(split))).isEqualTo(split);
        }
        CassandraEnumeratorStateSerializer states = new CassandraEnumeratorStateSerializer();
        CassandraEnumeratorState state = new CassandraEnumeratorState(true, Arrays.asList(fresh, resumed));
        CassandraEnumeratorState copy = states.deserialize(states.getVersion(), states.serialize(state));
        assertThat(copy.planned()).isTrue();
        assertThat(copy.unassigned()).containsExactly(fresh, resumed);
    }
}
