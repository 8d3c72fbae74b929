package org.apache.flink.connector.cassandra.source;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import org.apache.flink.connector.cassandra.source.CassandraSource;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

/** The batch copy job of docs/batch.md (kept identical to it; CassandraSourceITCase runs it). */
public class BatchCopyExample {

    public static void main(String[] args) throws Exception {
        ClusterBuilder cluster = new ClusterBuilder() {
            @Override
            protected Cluster buildCluster(Cluster.Builder builder) {
                return builder.addContactPoint("127.0.0.1").withPort(9042).build();
            }
        };
        copy(cluster, "shop.orders", "shop.orders_copy");
    }

    /** Copies (id bigint, item text, qty int) rows from one table to another, as a batch job. */
    public static void copy(ClusterBuilder cluster, String from, String to) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);

        TypeInformation<Tuple3<Long, String, Integer>> type = Types.TUPLE(Types.LONG, Types.STRING, Types.INT);
        CassandraSource<Tuple3<Long, String, Integer>> source = CassandraSource
                .forTuples(cluster, "SELECT id, item, qty FROM " + from, type)
                .setFetchSize(1000);
        DataStream<Tuple3<Long, String, Integer>> orders =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "read " + from);

        CassandraSink.addSink(orders)
                .setQuery("INSERT INTO " + to + " (id, item, qty) VALUES (?, ?, ?)")
                .setClusterBuilder(cluster)
                .build();

        env.execute("copy " + from + " to " + to);
    }
}
