package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.mapping.Mapper;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Frozen;
import com.datastax.driver.mapping.annotations.PartitionKey;
import com.datastax.driver.mapping.annotations.Table;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The POJO sink honours the DataStax mapper's {@code Mapper.Option}s (the consistency option:
 * {@code CassandraSinkITCase.pojoSinkWritesWithTheMappersConsistency}).
 */
class MapperOptionsITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    /** TTL and saveNullFields(false) reach the statement; frozen columns map with @Frozen. */
    @Test
    void ttlAndUnsetNullFieldsWithFrozenColumns() throws Exception {
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS flink_it.mapper_frozen"
                + " (id int PRIMARY KEY, tags frozen<list<text>>, note text)");
        CassandraTestSupport.cql("INSERT INTO flink_it.mapper_frozen (id, note) VALUES (1, 'kept')");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<WithFrozen> records = env.fromData(new WithFrozen(1, new String[] {"x", "y"}, null));
        CassandraSink.addSink(records)
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setMapperOptions(() -> new Mapper.Option[] {
                    Mapper.Option.ttl(3600),
                    Mapper.Option.saveNullFields(false),
                    Mapper.Option.consistencyLevel(ConsistencyLevel.ONE),
                    Mapper.Option.tracing(false)
                })
                .build();
        env.execute("ttl, unset nulls");

        List<Object[]> rows = CassandraTestSupport.rows("SELECT tags, note, TTL(tags) FROM flink_it.mapper_frozen WHERE id = 1");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo(Arrays.asList("x", "y"));
        assertThat(rows.get(0)[1]).isEqualTo("kept");
        assertThat((Integer) rows.get(0)[2]).isBetween(1, 3600);
    }

    /** A POJO with a frozen collection. */
    @Table(keyspace = "flink_it", name = "mapper_frozen")
    public static class WithFrozen {
        @PartitionKey
        public int id;

        @Frozen("frozen<list<text>>")
        @Column(name = "tags")
        public String[] tags; // an array: Flink's Kryo fallback for List fields needs --add-opens on JDK 17

        public String note;

        public WithFrozen() {}

        WithFrozen(int id, String[] tags, String note) {
            this.id = id;
            this.tags = tags;
            this.note = note;
        }
    }
}
