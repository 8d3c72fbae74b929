package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SinkTransformation;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An anonymous {@link ClusterBuilder} written inside an instance method of a class that is not
 * serializable (a job's main class, a test) holds a reference to that instance; the official
 * connector passes builders through Flink's ClosureCleaner so that such jobs still serialize.
 * The cleaned builders must still connect (to the test server).
 */
class ClusterBuilderClosureCleaningITCase {
    private static final String QUERY = "INSERT INTO ks.t (a, b) VALUES (?, ?)";

    /** Like a job's main class: not serializable, builds its connection inline. */
    static final class NotSerializableJob {
        @SuppressWarnings("unused") // what the anonymous class must not drag along
        private final Object state = new Object();

        ClusterBuilder clusterBuilder(String host, int port) {
            return new ClusterBuilder() {
                @Override
                protected Cluster buildCluster(Cluster.Builder builder) {
                    return builder.addContactPoint(host).withPort(port).build();
                }
            };
        }
    }

    private static ClusterBuilder anonymousBuilder() {
        return new NotSerializableJob().clusterBuilder(
                CassandraTestSupport.server().host(), CassandraTestSupport.server().nativePort());
    }

    @Test
    void committerWithAnAnonymousBuilderSerializes() throws Exception {
        CassandraCommitter committer = new CassandraCommitter(anonymousBuilder(), "flink_auxiliary_cc");
        CassandraCommitter copy = InstantiationUtil.clone(committer);
        copy.setJobId("closure_" + System.nanoTime());
        copy.setOperatorId("operator");
        copy.createResource();
        copy.open();
        try {
            copy.commitCheckpoint(0, 7);
            assertThat(copy.isCheckpointCommitted(0, 7)).isTrue();
        } finally {
            copy.close();
        }
    }

    @Test
    void writeAheadSinkWithAnAnonymousBuilderSerializes() throws Exception {
        ClusterBuilder builder = anonymousBuilder();
        CassandraTupleWriteAheadSink<Tuple2<String, Integer>> sink = new CassandraTupleWriteAheadSink<>(
                QUERY,
                TypeInformation.of(new TypeHint<Tuple2<String, Integer>>() {})
                        .createSerializer(new ExecutionConfig().getSerializerConfig()),
                builder, new CassandraCommitter(builder));
        assertThat(InstantiationUtil.serializeObject(sink)).isNotEmpty();
    }

    @Test
    void sinkBuiltWithAnAnonymousBuilderSerializes() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Tuple2<String, Integer>> stream = env.fromData(Tuple2.of("a", 1));
        CassandraSink<Tuple2<String, Integer>> sink = CassandraSink.addSink(stream)
                .setQuery(QUERY)
                .setClusterBuilder(anonymousBuilder())
                .build();
        SinkTransformation<?, ?> transformation =
                (SinkTransformation<?, ?>) sink.getSinkTransformation().getTransformation();
        assertThat(InstantiationUtil.serializeObject(transformation.getSink())).isNotEmpty();
    }
}
