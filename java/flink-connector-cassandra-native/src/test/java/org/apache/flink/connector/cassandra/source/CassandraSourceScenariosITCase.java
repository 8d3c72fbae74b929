package org.apache.flink.connector.cassandra.source;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Table;
import com.datastax.driver.mapping.Mapper;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.batch.connectors.cassandra.CassandraTupleOutputFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-facing scenarios of the official connector's {@code CassandraSourceITCase}, written as
 * user code against the official class names and constructors.
 */
@ExtendWith(CassandraExtension.class)
class CassandraSourceScenariosITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    static final String TABLE = "source_pojos";
    static final int ROWS = 1_000;
    static final String QUERY = "SELECT * FROM " + CassandraTestSupport.KEYSPACE + "." + TABLE + ";";

    @BeforeAll
    static void loadTable() throws Exception {
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + CassandraTestSupport.KEYSPACE + "." + TABLE
                + " (id int PRIMARY KEY, name text)");
        CassandraTestSupport.cql("TRUNCATE " + CassandraTestSupport.KEYSPACE + "." + TABLE);
        CassandraTupleOutputFormat<Tuple2<Integer, String>> load = new CassandraTupleOutputFormat<>(
                "INSERT INTO " + CassandraTestSupport.KEYSPACE + "." + TABLE + " (id, name) VALUES (?, ?)",
                CassandraTestSupport.clusterBuilder());
        try {
            load.configure(new Configuration());
            load.open(0, 1);
            for (int i = 0; i < ROWS; i++) {
                load.writeRecord(Tuple2.of(i, "name-" + i));
            }
        } finally {
            load.close();
        }
        assertThat(CassandraTestSupport.count(CassandraTestSupport.KEYSPACE + "." + TABLE)).isEqualTo(ROWS);
    }

    private static List<Pojo> expected() {
        List<Pojo> pojos = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            pojos.add(new Pojo(i, "name-" + i));
        }
        return pojos;
    }

    private static List<Pojo> read(CassandraSource<Pojo> source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "CassandraSource")
                .executeAndCollect(ROWS + 1);
    }

    /** The 3.1/3.2 constructor, one reader: every row once. */
    @Test
    void officialConstructorReadsEveryRowWithOneReader() throws Exception {
        CassandraSource<Pojo> source =
                new CassandraSource<>(CassandraTestSupport.clusterBuilder(), Pojo.class, QUERY, null);
        assertThat(read(source, 1)).containsExactlyInAnyOrderElementsOf(expected());
    }

    /** One split only (the official "single split" scenario). */
    @Test
    void singleSplit() throws Exception {
        CassandraSource<Pojo> source = CassandraSource.builder()
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setQuery(QUERY)
                .buildForPojo(Pojo.class)
                .setSplitCount(1);
        assertThat(read(source, 1)).containsExactlyInAnyOrderElementsOf(expected());
    }

    /** Many splits over several readers, sized by the official constructor's maxSplitMemorySize. */
    @Test
    void multipleSplitsAcrossReaders() throws Exception {
        CassandraSource<Pojo> source = new CassandraSource<>(CassandraTestSupport.clusterBuilder(),
                MemorySize.ofMebiBytes(10).getBytes(), Pojo.class, QUERY,
                () -> new Mapper.Option[] {Mapper.Option.saveNullFields(true)});
        assertThat(read(source, 4)).containsExactlyInAnyOrderElementsOf(expected());
    }

    /** More readers than splits: the idle readers finish and the job ends with every row. */
    @Test
    void idleReaders() throws Exception {
        CassandraSource<Pojo> source = CassandraSource.builder()
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setQuery(QUERY)
                .setMaxSplitMemorySize(MemorySize.ofMebiBytes(32))
                .buildForPojo(Pojo.class)
                .setSplitCount(2);
        assertThat(read(source, 4)).containsExactlyInAnyOrderElementsOf(expected());
    }

    /** The main branch's builder for the Table API: RowData whose fields match columns by name. */
    @Test
    void buildForRowDataReadsInternalRows() throws Exception {
        RowType rowType = RowType.of(new LogicalType[] {new VarCharType(VarCharType.MAX_LENGTH), new IntType()},
                new String[] {"name", "id"});
        CassandraSource<RowData> source = CassandraSource.builder()
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setQuery(QUERY)
                .buildForRowData(rowType);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // As the official builder, the produced type is a generic RowData (the Table planner brings
        // its own serializer): the rows become strings in the chain, never copied by Kryo.
        env.getConfig().enableObjectReuse();
        List<String> read = env.fromSource(source, WatermarkStrategy.noWatermarks(), "CassandraSource")
                .map(row -> row.getInt(1) + "=" + row.getString(0))
                .returns(Types.STRING)
                .executeAndCollect(ROWS + 1);
        List<String> expected = new ArrayList<>();
        for (Pojo pojo : expected()) {
            expected.add(pojo.id + "=" + pojo.name);
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * An anonymous builder inside a class that is not serializable: the source drops the unused
     * reference to the outer instance (ClosureCleaner), so the job can be shipped.
     */
    @Test
    void anonymousBuilderOfANonSerializableClassIsCleaned() throws Exception {
        JobWithoutSerializable job = new JobWithoutSerializable(
                CassandraTestSupport.server().host(), CassandraTestSupport.server().nativePort());
        CassandraSource<Pojo> source = new CassandraSource<>(job.builder(), Pojo.class, QUERY, null);
        assertThat(read(source, 2)).containsExactlyInAnyOrderElementsOf(expected());
    }

    /** Not serializable, as a job's main class often is. */
    static final class JobWithoutSerializable {
        private final String host;
        private final int port;

        JobWithoutSerializable(String host, int port) {
            this.host = host;
            this.port = port;
        }

        ClusterBuilder builder() {
            String contactPoint = host;
            int nativePort = port;
            return new ClusterBuilder() {
                @Override
                protected Cluster buildCluster(Cluster.Builder builder) {
                    return builder.addContactPoint(contactPoint).withPort(nativePort).build();
                }
            };
        }
    }

    /** A mapped POJO as in the official test (a Flink POJO: public fields, no-argument constructor). */
    @Table(keyspace = "flink_it", name = TABLE)
    public static class Pojo {
        @Column(name = "id")
        public int id;

        @Column(name = "name")
        public String name;

        public Pojo() {}

        public Pojo(int id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Pojo)) {
                return false;
            }
            Pojo that = (Pojo) o;
            return id == that.id && Objects.equals(name, that.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, name);
        }

        @Override
        public String toString() {
            return "Pojo{" + id + ", " + name + '}';
        }
    }
}
