package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.functions.RichMapFunction;
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
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The at-least-once sink in a MiniCluster against the real server. */
class CassandraSinkITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    @Test
    void tupleSinkWritesEveryRecordThroughARestart() throws Exception {
        String table = CassandraTestSupport.createTable("tuples", "id bigint PRIMARY KEY, name text, score int");
        int n = 20_000;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.configure(CassandraTestSupport.fixedDelayRestarts(3, 100));
        DataStream<Tuple3<Long, String, Integer>> stream = env.fromSequence(1, n)
                .map(new FailOnceAfter(n / 3))
                .returns(Types.TUPLE(Types.LONG, Types.STRING, Types.INT));

        CassandraSink.addSink(stream)
                .setQuery("INSERT INTO " + table + " (id, name, score) VALUES (?, ?, ?)")
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setMaxConcurrentRequests(64)
                .build()
                .name("tuples")
                .uid("tuples-sink");
        env.execute("at-least-once tuples");

        assertThat(CassandraTestSupport.count(table)).isEqualTo(n);
        List<Object[]> row = CassandraTestSupport.rows("SELECT name, score FROM " + table + " WHERE id = 777");
        assertThat(row.get(0)).containsExactly("name-777", 777 % 100);
    }

    @Test
    void rowSinkWritesRowsAndIgnoresNullFieldsWhenAsked() throws Exception {
        String table = CassandraTestSupport.createTable("rows", "id int PRIMARY KEY, a text, b text");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, a, b) VALUES (1, 'old-a', 'old-b')");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Row> rows = env.fromData(
                new RowTypeInfo(Types.INT, Types.STRING, Types.STRING),
                Row.of(1, "new-a", null), Row.of(2, null, "b2"));
        CassandraSink.addSink(rows)
                .setQuery("INSERT INTO " + table + " (id, a, b) VALUES (?, ?, ?)")
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .enableIgnoreNullFields()
                .build();
        env.execute("rows");

        assertThat(CassandraTestSupport.rows("SELECT a, b FROM " + table + " WHERE id = 1").get(0))
                .containsExactly("new-a", "old-b");
        assertThat(CassandraTestSupport.rows("SELECT a, b FROM " + table + " WHERE id = 2").get(0))
                .containsExactly(null, "b2");
    }

    @Test
    void pojoSinkGeneratesItsInsertFromTheAnnotations() throws Exception {
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + CassandraTestSupport.KEYSPACE
                + ".pojo_users (user_id int PRIMARY KEY, name text, age int)");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<User> users = env.fromData(new User(1, "ann", 31, "x"), new User(2, "bob", 42, "y"));
        CassandraSink.addSink(users).setClusterBuilder(CassandraTestSupport.clusterBuilder()).build();
        env.execute("pojos");

        assertThat(CassandraTestSupport.rows("SELECT name, age FROM flink_it.pojo_users WHERE user_id = 2").get(0))
                .containsExactly("bob", 42);
    }

    /**
     * The mapper's consistency reaches the writes: THREE cannot be met by the one test node, so
     * every write is reported unavailable and nothing is written.
     */
    @Test
    void pojoSinkWritesWithTheMappersConsistency() throws Exception {
        CassandraTestSupport.cql("CREATE TABLE IF NOT EXISTS " + CassandraTestSupport.KEYSPACE
                + ".pojo_users (user_id int PRIMARY KEY, name text, age int)");
        CassandraTestSupport.cql("DELETE FROM flink_it.pojo_users WHERE user_id = 9001");
        RecordingFailureHandler.FAILURES.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<User> users = env.fromData(new User(9001, "three", 3, "x"));
        CassandraSink.addSink(users).setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setMapperOptions(() -> new com.datastax.driver.mapping.Mapper.Option[] {
                    com.datastax.driver.mapping.Mapper.Option.consistencyLevel("THREE")})
                .setMaxRetries(0)
                .setFailureHandler(new RecordingFailureHandler())
                .build();
        env.execute("pojo consistency");

        assertThat(RecordingFailureHandler.FAILURES).singleElement().isInstanceOf(CassandraUnavailableException.class);
        assertThat(CassandraTestSupport.rows("SELECT name FROM flink_it.pojo_users WHERE user_id = 9001")).isEmpty();
    }

    @Test
    void badInputFailsTheJobNamingColumnTypeAndQuery() {
        String table = CassandraTestSupport.createTable("bad", "id int PRIMARY KEY, age int");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Row> rows = env.fromData(new RowTypeInfo(Types.INT, Types.STRING), Row.of(1, "forty"));
        String query = "INSERT INTO " + table + " (id, age) VALUES (?, ?)";

        assertThatThrownBy(() -> {
            CassandraSink.addSink(rows).setQuery(query).setClusterBuilder(CassandraTestSupport.clusterBuilder()).build();
            env.execute("bad input");
        }).satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, CassandraInvalidValueException.class))
                .hasValueSatisfying(cause -> assertThat(cause.getMessage())
                        .contains(table + ".age", "int", "java.lang.String", query)));
        assertThat(CassandraTestSupport.count(table)).isZero();
    }

    @Test
    void failureHandlerReceivesTheServersRejection() throws Exception {
        String table = CassandraTestSupport.createTable("handled", "id int PRIMARY KEY, v text");
        RecordingFailureHandler.FAILURES.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Row> rows = env.fromData(
                new RowTypeInfo(Types.INT, Types.STRING, Types.INT), Row.of(1, "ok", 60), Row.of(2, "bad", -5));
        CassandraSink.addSink(rows)
                .setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?) USING TTL ?")
                .setClusterBuilder(CassandraTestSupport.clusterBuilder())
                .setFailureHandler(new RecordingFailureHandler())
                .build();
        env.execute("handled failure");

        assertThat(RecordingFailureHandler.FAILURES).singleElement()
                .isInstanceOf(CassandraInvalidQueryException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("ttl"));
        assertThat(CassandraTestSupport.count(table)).isEqualTo(1);
    }

    /** Emits tuples; the first attempt of subtask 0 fails once after {@code failAt} records. */
    static final class FailOnceAfter extends RichMapFunction<Long, Tuple3<Long, String, Integer>> {
        private final long failAt;
        private long seen;

        FailOnceAfter(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Tuple3<Long, String, Integer> map(Long id) {
            if (++seen == failAt && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                throw new IllegalStateException("injected failure after " + failAt + " records");
            }
            return Tuple3.of(id, "name-" + id, (int) (id % 100));
        }
    }

    /** Keeps what it was given; the job goes on. */
    static final class RecordingFailureHandler implements CassandraFailureHandler {
        static final Queue<Throwable> FAILURES = new ConcurrentLinkedQueue<>();

        @Override
        public void onFailure(Throwable failure) {
            FAILURES.add(failure);
        }
    }

    /** A POJO mapped with our annotations. */
    @Table(keyspace = "flink_it", name = "pojo_users")
    public static class User {
        @Column(name = "user_id")
        public int id;

        public String name;
        public int age;

        @Transient
        public String note;

        public User() {}

        User(int id, String name, int age, String note) {
            this.id = id;
            this.name = name;
            this.age = age;
            this.note = note;
        }
    }
}
