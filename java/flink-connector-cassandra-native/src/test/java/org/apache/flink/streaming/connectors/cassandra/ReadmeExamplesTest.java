package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.mapping.Mapper;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import com.datastax.driver.mapping.annotations.Column;
import com.datastax.driver.mapping.annotations.Table;
import com.datastax.driver.mapping.annotations.Transient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tuple, Row and POJO examples of docs/sink.md, compiled and run against the test server.
 * Keep the code between the {@code // example} markers identical to the documentation.
 */
class ReadmeExamplesTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static String host;
    private static int port;

    @BeforeAll
    static void createTables() {
        host = CassandraTestSupport.server().host();
        port = CassandraTestSupport.server().nativePort();
        CassandraTestSupport.cql("CREATE KEYSPACE IF NOT EXISTS example"
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS example.users (id text PRIMARY KEY, age int, name text)");
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS example.events (id bigint PRIMARY KEY, kind text, payload text)");
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS example.people (person_id int PRIMARY KEY, name text, age int)");
    }

    @Test
    void tupleExample() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // example: tuple
        DataStream<Tuple3<String, Integer, String>> users = env.fromData(
                Tuple3.of("u1", 31, "Ann"), Tuple3.of("u2", 42, "Bob"));

        CassandraSink.addSink(users)
                .setQuery("INSERT INTO example.users (id, age, name) VALUES (?, ?, ?)")
                .setHost(host, port)
                .build()
                .name("users");
        // end example
        env.execute("tuple example");

        assertThat(CassandraTestSupport.rows("SELECT age, name FROM example.users WHERE id = 'u2'").get(0))
                .containsExactly(42, "Bob");
    }

    @Test
    void rowExample() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ClusterBuilder clusterBuilder = new ExampleClusterBuilder(host, port);
        // example: row
        DataStream<Row> events = env.fromData(
                new RowTypeInfo(Types.LONG, Types.STRING, Types.STRING),
                Row.of(1L, "click", "{\"x\": 1}"),
                Row.of(2L, "view", null)); // null: left unset because of enableIgnoreNullFields()

        CassandraSink.addSink(events)
                .setQuery("INSERT INTO example.events (id, kind, payload) VALUES (?, ?, ?)")
                .setClusterBuilder(clusterBuilder)
                .setMaxConcurrentRequests(64)          // in-flight writes per subtask (default 256)
                .setBatchSize(500)                     // rows per native call (default 1000)
                .setMaxBufferedTime(Duration.ofMillis(10)) // linger (default 20 ms)
                .setMaxRetries(5)                      // transient failures (default 3)
                .enableIgnoreNullFields()
                .setFailureHandler(failure -> {
                    if (!(failure instanceof CassandraInvalidQueryException)) {
                        throw new java.io.IOException("write failed", failure); // fails the job
                    }
                    // returning drops the failed write and goes on
                })
                .build();
        // end example
        env.execute("row example");

        assertThat(CassandraTestSupport.count("example.events")).isEqualTo(2);
    }

    @Test
    void pojoExample() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // example: pojo
        DataStream<Person> people = env.fromData(new Person(1, "Ann", 31), new Person(2, "Bob", 42));

        CassandraSink.addSink(people)
                .setHost(host, port)
                .setMapperOptions(() -> new Mapper.Option[] {Mapper.Option.ttl(3600), Mapper.Option.saveNullFields(false)})
                .build();
        // end example
        env.execute("pojo example");

        assertThat(CassandraTestSupport.rows("SELECT name, age FROM example.people WHERE person_id = 1").get(0))
                .containsExactly("Ann", 31);
    }

    // example: pojo class
    /** Mapped with the connector's annotations; the DataStax mapper's work as well. */
    @Table(keyspace = "example", name = "people")
    public static class Person {
        @Column(name = "person_id")
        public int id;

        public String name;
        public int age;

        @Transient
        public String scratch; // not written

        public Person() {}

        public Person(int id, String name, int age) {
            this.id = id;
            this.name = name;
            this.age = age;
        }
    }
    // end example

    // example: cluster builder
    /** Connection settings; any Cluster.Builder option (credentials, TLS, policies) goes here. */
    static final class ExampleClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        ExampleClusterBuilder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port)
                    .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.LOCAL_ONE))
                    .build();
        }
    }
    // end example
}
