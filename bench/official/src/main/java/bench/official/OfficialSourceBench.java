package bench.official;

import com.datastax.driver.core.Cluster;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.batch.connectors.cassandra.CassandraInputFormat;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

import java.util.concurrent.atomic.LongAdder;

/**
 * scripts/bench variant (e), official half. 3.0.0-1.16 has no FLIP-27 {@code CassandraSource}
 * (it arrived in 3.1.0, whose artifacts this registry does not serve), so the official read path
 * measured here is its {@code CassandraInputFormat} (a NonParallelInput: one split, one reader),
 * read as a bounded DataStream and counted.
 *
 * <p>Usage: {@code OfficialSourceBench host port expectedRows parallelism}
 */
public final class OfficialSourceBench {
    private OfficialSourceBench() {}

    static final LongAdder COUNT = new LongAdder();

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long expected = Long.parseLong(OfficialSupport.arg(args, 2, "20000"));
        int parallelism = Integer.parseInt(OfficialSupport.arg(args, 3, "2"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(OfficialSupport.configuration());
        OfficialSupport.Progress progress = new OfficialSupport.Progress();
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        TypeInformation<Tuple2<Long, Integer>> type = Types.TUPLE(Types.LONG, Types.INT);
        env.createInput(new CassandraInputFormat<Tuple2<Long, Integer>>("SELECT id, v FROM bench.narrow;", new Builder(host, port)), type)
                .map((MapFunction<Tuple2<Long, Integer>, Tuple2<Long, Integer>>) t -> {
                    OfficialSupport.markFirst();
                    COUNT.increment();
                    progress.tick();
                    return t;
                })
                .returns(type)
                .addSink(new DiscardingSink<>());
        long start = System.nanoTime();
        env.execute("bench official source");
        long count = COUNT.sum();
        OfficialSupport.report("official-source", count, start);
        if (count != expected) {
            System.out.println("BENCH_ERROR read " + count + " rows, expected " + expected);
            System.exit(4);
        }
        System.exit(0);
    }

    static final class Builder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port).build();
        }
    }
}
