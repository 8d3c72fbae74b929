package org.apache.flink.batch.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.mapping.Mapper;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Table;
import org.apache.flink.api.common.io.InputFormat;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputSplit;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch scenarios of the official connector's {@code CassandraConnectorITCase}, written as user
 * code against the official class names: formats driven by hand through {@code configure},
 * {@code open(taskNumber, numTasks)} / {@code open(null)}, {@code writeRecord} / {@code nextRecord}
 * and {@code close}, then the rows counted in Cassandra.
 */
@ExtendWith(CassandraExtension.class)
class CassandraBatchFormatsITCase {
    private static final int RECORDS = 20;
    private static final String COLUMNS = "id text PRIMARY KEY, counter int, batch_id int";
    static final String POJO_TABLE = "batch_pojos";

    private String table;

    @BeforeEach
    void createTable() {
        table = CassandraTestSupport.createTable("batch_", COLUMNS);
    }

    private String insert() {
        return "INSERT INTO " + table + " (id, counter, batch_id) VALUES (?, ?, ?)";
    }

    private String select() {
        return "SELECT * FROM " + table + ";";
    }

    private static List<Tuple3<String, Integer, Integer>> tuples() {
        List<Tuple3<String, Integer, Integer>> tuples = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            tuples.add(new Tuple3<>(UUID.randomUUID().toString(), i, 0));
        }
        return tuples;
    }

    @Test
    void tupleFormatWritesThroughOpenTaskNumberAndReadsBack() throws Exception {
        List<Tuple3<String, Integer, Integer>> written = tuples();
        // Twice, as the official test does: the second pass overwrites the same keys.
        for (int pass = 0; pass < 2; pass++) {
            CassandraOutputFormatBase<Tuple3<String, Integer, Integer>> sink =
                    new CassandraTupleOutputFormat<>(insert(), CassandraTestSupport.clusterBuilder());
            try {
                sink.configure(new Configuration());
                sink.open(0, 1);
                for (Tuple3<String, Integer, Integer> value : written) {
                    sink.writeRecord(value);
                }
            } finally {
                sink.close();
            }
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(RECORDS);

        InputFormat<Tuple3<String, Integer, Integer>, InputSplit> source =
                new CassandraInputFormat<>(select(), CassandraTestSupport.clusterBuilder());
        List<Tuple3<String, Integer, Integer>> read = new ArrayList<>();
        try {
            source.configure(new Configuration());
            source.open(null);
            while (!source.reachedEnd()) {
                read.add(source.nextRecord(new Tuple3<String, Integer, Integer>()));
            }
        } finally {
            source.close();
        }
        // SELECT * returns the key, then the other columns in alphabetical order: batch_id, counter.
        List<Tuple3<String, Integer, Integer>> expected = new ArrayList<>();
        for (Tuple3<String, Integer, Integer> t : written) {
            expected.add(Tuple3.of(t.f0, t.f2, t.f1));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void rowFormatWritesThroughOpenTaskNumber() throws Exception {
        CassandraOutputFormatBase<Row> sink = new CassandraRowOutputFormat(insert(), CassandraTestSupport.clusterBuilder());
        try {
            sink.configure(new Configuration());
            sink.open(0, 1);
            for (int i = 0; i < RECORDS; i++) {
                sink.writeRecord(Row.of(UUID.randomUUID().toString(), i, 0));
            }
        } finally {
            sink.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(RECORDS);
    }

    @Test
    void pojoFormatsWriteAndReadBack() throws Exception {
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + CassandraTestSupport.KEYSPACE + "." + POJO_TABLE
                + " (" + COLUMNS + ")");
        CassandraTestSupport.cql("TRUNCATE " + CassandraTestSupport.KEYSPACE + "." + POJO_TABLE);
        CassandraPojoOutputFormat<Pojo> sink = new CassandraPojoOutputFormat<>(
                CassandraTestSupport.clusterBuilder(), Pojo.class,
                () -> new Mapper.Option[] {Mapper.Option.saveNullFields(true)});
        List<Pojo> written = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            written.add(new Pojo(UUID.randomUUID().toString(), i, 0));
        }
        try {
            sink.configure(new Configuration());
            sink.open(0, 1);
            for (Pojo pojo : written) {
                sink.writeRecord(pojo);
            }
        } finally {
            sink.close();
        }
        assertThat(CassandraTestSupport.count(CassandraTestSupport.KEYSPACE + "." + POJO_TABLE)).isEqualTo(RECORDS);

        CassandraPojoInputFormat<Pojo> source = new CassandraPojoInputFormat<>(
                "SELECT * FROM " + CassandraTestSupport.KEYSPACE + "." + POJO_TABLE + ";",
                CassandraTestSupport.clusterBuilder(), Pojo.class);
        List<Pojo> read = new ArrayList<>();
        try {
            source.configure(new Configuration());
            source.open(null);
            while (!source.reachedEnd()) {
                read.add(source.nextRecord(null));
            }
        } finally {
            source.close();
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }

    /** The official constructors with a bound on concurrent writes and its timeout. */
    @Test
    void officialConcurrencyConstructors() throws Exception {
        List<CassandraOutputFormatBase<Tuple3<String, Integer, Integer>>> tupleFormats = new ArrayList<>();
        tupleFormats.add(new CassandraTupleOutputFormat<>(insert(), CassandraTestSupport.clusterBuilder(),
                2, Duration.ofSeconds(30)));
        // The official defaults, spelled out: no bound, no timeout.
        tupleFormats.add(new CassandraTupleOutputFormat<>(insert(), CassandraTestSupport.clusterBuilder(),
                Integer.MAX_VALUE, Duration.ofMillis(Long.MAX_VALUE)));
        int expected = 0;
        for (CassandraOutputFormatBase<Tuple3<String, Integer, Integer>> sink : tupleFormats) {
            try {
                sink.configure(new Configuration());
                sink.open(0, 1);
                for (Tuple3<String, Integer, Integer> value : tuples()) {
                    sink.writeRecord(value);
                }
            } finally {
                sink.close();
            }
            expected += RECORDS;
            assertThat(CassandraTestSupport.count(table)).isEqualTo(expected);
        }

        CassandraOutputFormatBase<Row> rows = new CassandraRowOutputFormat(insert(), CassandraTestSupport.clusterBuilder(),
                1, Duration.ofSeconds(30));
        try {
            rows.configure(new Configuration());
            rows.open(0, 1);
            for (int i = 0; i < RECORDS; i++) {
                rows.writeRecord(Row.of(UUID.randomUUID().toString(), i, 1));
            }
        } finally {
            rows.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(expected + RECORDS);

        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + CassandraTestSupport.KEYSPACE + "." + POJO_TABLE
                + " (" + COLUMNS + ")");
        CassandraTestSupport.cql("TRUNCATE " + CassandraTestSupport.KEYSPACE + "." + POJO_TABLE);
        CassandraOutputFormatBase<Pojo> pojos = new CassandraPojoOutputFormat<>(CassandraTestSupport.clusterBuilder(), Pojo.class,
                null, 3, Duration.ofSeconds(30));
        try {
            pojos.configure(new Configuration());
            pojos.open(0, 1);
            for (int i = 0; i < RECORDS; i++) {
                pojos.writeRecord(new Pojo(UUID.randomUUID().toString(), i, 2));
            }
        } finally {
            pojos.close();
        }
        assertThat(CassandraTestSupport.count(CassandraTestSupport.KEYSPACE + "." + POJO_TABLE)).isEqualTo(RECORDS);
    }

    /**
     * A builder written as an anonymous class inside a class that is not serializable (a job's main
     * class, say) holds a reference to that instance; the formats drop it as the official sinks do.
     */
    @Test
    void anonymousBuilderOfANonSerializableClassIsCleaned() throws Exception {
        JobWithoutSerializable job = new JobWithoutSerializable(
                CassandraTestSupport.server().host(), CassandraTestSupport.server().nativePort());
        CassandraOutputFormatBase<Tuple3<String, Integer, Integer>> sink =
                InstantiationUtil.clone(new CassandraTupleOutputFormat<>(insert(), job.builder()));
        try {
            sink.configure(new Configuration());
            sink.open(0, 1);
            for (Tuple3<String, Integer, Integer> value : tuples()) {
                sink.writeRecord(value);
            }
        } finally {
            sink.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(RECORDS);

        InputFormat<Tuple3<String, Integer, Integer>, InputSplit> source =
                InstantiationUtil.clone(new CassandraInputFormat<>(select(), job.builder()));
        int read = 0;
        try {
            source.configure(new Configuration());
            source.open(null);
            while (!source.reachedEnd()) {
                assertThat(source.nextRecord(new Tuple3<>())).isNotNull();
                read++;
            }
        } finally {
            source.close();
        }
        assertThat(read).isEqualTo(RECORDS);
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

    /** The official test's POJO: a text key and two int columns. */
    @Table(keyspace = "flink_it", name = POJO_TABLE)
    public static class Pojo {
        @Column(name = "id")
        private String id;

        @Column(name = "counter")
        private int counter;

        @Column(name = "batch_id")
        private int batchId;

        public Pojo() {}

        public Pojo(String id, int counter, int batchId) {
            this.id = id;
            this.counter = counter;
            this.batchId = batchId;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Pojo)) {
                return false;
            }
            Pojo that = (Pojo) o;
            return counter == that.counter && batchId == that.batchId && Objects.equals(id, that.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, counter, batchId);
        }

        @Override
        public String toString() {
            return "Pojo{" + id + ", " + counter + ", " + batchId + '}';
        }
    }
}
