package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.mapping.Mapper;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SinkTransformation;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.CassandraAtLeastOnceSink;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invalid builder settings throw at once (or at build), naming the setting. No server needed. */
class CassandraSinkBuilderTest {
    private static final String QUERY = "INSERT INTO ks.t (id, v) VALUES (?, ?)";

    private final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    private DataStream<Tuple2<Integer, String>> tuples() {
        return env.fromData(Tuple2.of(1, "a")).returns(Types.TUPLE(Types.INT, Types.STRING));
    }

    @Test
    void missingQueryIsReported() {
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setHost("127.0.0.1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no query")
                .hasMessageContaining("setQuery");
    }

    @Test
    void emptyQueryIsRejectedBySetQuery() {
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setQuery("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setQuery");
    }

    @Test
    void missingConnectionIsReported() {
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setQuery(QUERY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setHost or setClusterBuilder");
    }

    @Test
    void setHostAndSetClusterBuilderTogetherAreRejected() {
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setHost("127.0.0.1")
                        .setClusterBuilder(CassandraTestSupport.clusterBuilderFor("127.0.0.1", 9042)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setClusterBuilder")
                .hasMessageContaining("already configured");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples())
                        .setClusterBuilder(CassandraTestSupport.clusterBuilderFor("127.0.0.1", 9042))
                        .setHost("127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setHost");
    }

    @Test
    void setQueryOnAPojoStreamIsRejected() {
        DataStream<CassandraSinkITCase.User> users = env.fromData(new CassandraSinkITCase.User(1, "a", 2, "n"));
        assertThatThrownBy(() -> CassandraSink.addSink(users).setQuery(QUERY).setHost("127.0.0.1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setQuery is not used for POJOs");
    }

    @Test
    void pojoWithoutTableAnnotationIsRejectedNamingTheClass() {
        DataStream<Unannotated> pojos = env.fromData(new Unannotated());
        assertThatThrownBy(() -> CassandraSink.addSink(pojos).setHost("127.0.0.1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Unannotated.class.getName())
                .hasMessageContaining("@Table");
    }

    @Test
    void mapperOptionsOnTupleStreamsAreRejected() {
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setQuery(QUERY).setHost("127.0.0.1")
                        .setMapperOptions(() -> new Mapper.Option[] {Mapper.Option.ttl(1)}).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setMapperOptions");
    }

    /** Idempotence is detected from the query unless set; the explicit setting reaches the options. */
    @Test
    void setIdempotentOverridesDetection() {
        CassandraSink.CassandraSinkBuilder<Tuple2<Integer, String>> builder = CassandraSink.addSink(tuples());
        assertThat(builder.options.idempotent()).isNull();
        assertThat(builder.setIdempotent(false).options.idempotent()).isFalse();
        assertThat(builder.setIdempotent(true).options.idempotent()).isTrue();
        assertThat(builder.options.toString()).contains("idempotent=true");
    }

    /** build() fixes the settings in an immutable plan: a setter called afterwards changes nothing built. */
    @Test
    void theBuiltSinkWritesWithASnapshotOfTheSettings() throws Exception {
        CassandraSink.CassandraSinkBuilder<Tuple2<Integer, String>> builder = CassandraSink.addSink(tuples())
                .setQuery(QUERY).setHost("127.0.0.1").setMaxRetries(7).enableIgnoreNullFields()
                .setFlushTimeout(Duration.ofSeconds(9));
        CassandraSink<Tuple2<Integer, String>> built = builder.build();
        builder.setMaxRetries(1).setFlushTimeout(Duration.ofSeconds(1));

        WritePlan plan = ((CassandraAtLeastOnceSink<?>) ((SinkTransformation<?, ?>)
                built.getSinkTransformation().getTransformation()).getSink()).plan();
        assertThat(plan.statement()).isEqualTo(QUERY);
        assertThat(plan.ignoreNullFields()).isTrue();
        assertThat(plan.options().maxRetries()).isEqualTo(7);
        assertThat(plan.options().flushTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(plan.withStatement("DELETE FROM ks.t WHERE id = ?").options().maxRetries()).isEqualTo(7);
    }

    @Test
    void numericSettingsAreCheckedWhenSet() {
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setMaxConcurrentRequests(0))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setMaxConcurrentRequests");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setMaxConcurrentRequests(1, Duration.ZERO))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setMaxConcurrentRequests");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setMaxRetries(-1))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("retries");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setMaxRowsPerSecond(0))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setMaxRowsPerSecond");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setMaxBytesPerSecond(-1))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setMaxBytesPerSecond");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setBatchGroupLimits(0, 4096))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setBatchGroupLimits");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setBatchGroupLimits(10, 0))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setBatchGroupLimits");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setBatchGrouping(null))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("setBatchGrouping");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setBatchSize(0))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> CassandraSink.addSink(tuples()).setHost("127.0.0.1", 70_000))
                .hasMessageContaining("70000");
    }

    @Test
    void streamsOfOtherTypesAreRejectedNamingTheType() {
        DataStream<String> strings = env.fromData("a");
        assertThatThrownBy(() -> CassandraSink.addSink(strings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String")
                .hasMessageContaining("Tuples, Rows or POJOs");
    }

    /** A valid POJO for Flink, but without a Cassandra mapping. */
    public static class Unannotated {
        public int id;
        public String name;
    }
}
