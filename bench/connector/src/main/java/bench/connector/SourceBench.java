package bench.connector;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

import java.util.concurrent.atomic.LongAdder;

/**
 * scripts/bench variant (e), ours: reads bench.narrow with our bounded {@code CassandraSource}
 * (default settings) and counts the rows. The source is looked up reflectively, so this class
 * compiles before the source exists; without it the job prints {@code BENCH_NOT_RUN}.
 *
 * <p>Usage: {@code SourceBench host port expectedRows parallelism}
 */
public final class SourceBench {
    private SourceBench() {}

    static final LongAdder COUNT = new LongAdder();

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long expected = Long.parseLong(BenchSupport.arg(args, 2, "20000"));
        int parallelism = Integer.parseInt(BenchSupport.arg(args, 3, "2"));

        TypeInformation<Tuple2<Long, Integer>> type = Types.TUPLE(Types.LONG, Types.INT);
        Source<Tuple2<Long, Integer>, ?, ?> source;
        try {
            Class<?> cls = Class.forName("org.apache.flink.connector.cassandra.source.CassandraSource");
            @SuppressWarnings("unchecked")
            Source<Tuple2<Long, Integer>, ?, ?> s = (Source<Tuple2<Long, Integer>, ?, ?>) cls
                    .getMethod("forTuples", ClusterBuilder.class, String.class, TypeInformation.class)
                    .invoke(null, new BenchSupport.BenchClusterBuilder(host, port), "SELECT id, v FROM bench.narrow", type);
            source = s;
        } catch (ReflectiveOperationException e) {
            System.out.println("BENCH_NOT_RUN reason=our CassandraSource is not available (" + e + ")");
            System.exit(3);
            return;
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(BenchSupport.configuration());
        BenchSupport.Progress progress = new BenchSupport.Progress();
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "cassandra", type)
                .map((MapFunction<Tuple2<Long, Integer>, Tuple2<Long, Integer>>) t -> {
                    BenchSupport.markFirst();
                    COUNT.increment();
                    progress.tick();
                    return t;
                })
                .returns(type)
                .sinkTo(new DiscardingSink<>());
        long start = System.nanoTime();
        env.execute("bench ours source");
        long count = COUNT.sum();
        BenchSupport.report("ours-source", count, start);
        if (count != expected) {
            System.out.println("BENCH_ERROR read " + count + " rows, expected " + expected);
            System.exit(4);
        }
        System.exit(0);
    }
}
