package org.apache.flink.streaming.connectors.cassandra.cluster;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.operators.coordination.TaskNotRunningException;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import org.apache.flink.connector.cassandra.source.CassandraSource;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraCluster;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraClusterExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The source on 3 nodes, replication factor 3: a replica answers for a dead node; QUORUM with two dead fails clearly. */
@ExtendWith(CassandraClusterExtension.class)
class ClusterSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final TypeInformation<Tuple2<Long, String>> ID_AND_VALUE = Types.TUPLE(Types.LONG, Types.STRING);
    private static final int N = 3_000;

    @Test
    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    void readsEveryRowWithANodeDownAndFailsClearlyAtQuorumWithTwoDown(CassandraCluster cluster) throws Exception {
        String table = ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, "source", "id bigint PRIMARY KEY, v text");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(0, N - 1)
                .map(i -> Tuple2.of(i, "v" + i)).returns(ID_AND_VALUE);
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + table + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(ClusterTestSupport.builder("ALL", 20_000)).build();
        env.execute("fill");

        cluster.kill(2);
        // "while a node is down": once the others know it (read right after the kill, a range
        // read they route to it waits out the server's range timeout, as long as the client's)
        cluster.awaitSeenDown(2);
        assertThat(read(table, "ONE")).hasSize(N);
        assertThat(read(table, "QUORUM")).as("QUORUM with one node down").hasSize(N);

        cluster.kill(3);
        cluster.awaitSeenDown(3);
        // Every attempt fails. Flink may report a lost split assignment instead of the reader's
        // error: when the enumerator answers a split request of the reader that just failed, the
        // lost event fails the job first ("Task is not running, but in state FAILED"; seen on a
        // busy machine). Such an attempt is read again; the error the job reports must name QUORUM.
        for (int attempt = 1; ; attempt++) {
            Throwable failure = catchThrowable(() -> read(table, "QUORUM"));
            assertThat(failure).as("QUORUM read with two nodes down, attempt %s", attempt).isNotNull();
            Throwable root = rootCause(failure);
            System.out.println("QUORUM read with two nodes down, attempt " + attempt + ": " + root);
            if (root instanceof TaskNotRunningException && attempt < 5) {
                continue;
            }
            assertThat(root.getMessage()).containsIgnoringCase("QUORUM");
            return;
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @SuppressWarnings({"deprecation", "try"}) // RestartStrategies: the seed's API; CloseableIterator.close() declares Exception
    private static Set<Long> read(String table, String consistency) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRestartStrategy(RestartStrategies.noRestart());
        CassandraSource<Tuple2<Long, String>> source = CassandraSource.forTuples(
                ClusterTestSupport.builder(consistency, 10_000), "SELECT id, v FROM " + table, ID_AND_VALUE)
                .setFetchSize(500);
        Set<Long> ids = new HashSet<>();
        try (CloseableIterator<Tuple2<Long, String>> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "cassandra").executeAndCollect()) {
            while (rows.hasNext()) {
                Tuple2<Long, String> row = rows.next();
                assertThat(row.f1).isEqualTo("v" + row.f0);
                assertThat(ids.add(row.f0)).as("id %s read once", row.f0).isTrue();
            }
        }
        return ids;
    }
}
