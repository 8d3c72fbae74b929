package bench.connector;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;

/**
 * scripts/bench variants (a), (d) and (f): N generated rows through our sink, at-least-once or
 * with the write-ahead log (checkpoints every 1 s, file-system checkpoint storage), or the same
 * source and job shape into a discarding sink (the Flink baseline: what the job costs without any
 * connector). Default sink settings apart from that and the batch grouping (default none).
 *
 * <p>Usage: {@code SinkBench host port narrow|wide|clustered rows parallelism alo|wal|discard
 * [none|partition|replica_set]}
 */
public final class SinkBench {
    private SinkBench() {}

    // The narrow and wide shapes are different Tuple types behind one raw stream variable.
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String shape = BenchSupport.arg(args, 2, "narrow");
        long rows = Long.parseLong(BenchSupport.arg(args, 3, "20000"));
        int parallelism = Integer.parseInt(BenchSupport.arg(args, 4, "2"));
        String mode = BenchSupport.arg(args, 5, "alo");
        boolean wal = "wal".equals(mode);
        boolean discard = "discard".equals(mode);
        BatchGrouping grouping = BatchGrouping.valueOf(BenchSupport.arg(args, 6, "none").toUpperCase(java.util.Locale.ROOT));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(BenchSupport.configuration());
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        if (wal) {
            env.enableCheckpointing(1_000);
            fileCheckpoints(env);
        }
        DataStream<? extends Tuple> stream;
        String query;
        if ("wide".equals(shape)) {
            stream = env.fromSequence(0, rows - 1)
                    .map(new BenchSupport.Generate(true))
                    .returns((TypeInformation) Types.TUPLE(Types.LONG, Types.STRING, Types.GENERIC(java.util.Date.class),
                            Types.GENERIC(java.util.UUID.class), Types.DOUBLE, Types.LIST(Types.INT), Types.BOOLEAN,
                            Types.INT, Types.LONG, Types.STRING));
            query = BenchSupport.WIDE_INSERT;
        } else if ("clustered".equals(shape)) {
            // fromSequence gives each subtask a contiguous id range: a partition's rows meet in one buffer
            stream = env.fromSequence(0, rows - 1)
                    .map(new BenchSupport.Generate(shape))
                    .returns((TypeInformation) Types.TUPLE(Types.LONG, Types.LONG, Types.INT));
            query = BenchSupport.CLUSTERED_INSERT;
        } else {
            stream = env.fromSequence(0, rows - 1)
                    .map(new BenchSupport.Generate(false))
                    .returns((TypeInformation) Types.TUPLE(Types.LONG, Types.INT));
            query = BenchSupport.NARROW_INSERT;
        }
        if (discard) {
            ((DataStream) stream).sinkTo(new DiscardingSink<>()).name("discard");
        } else {
            CassandraSink.CassandraSinkBuilder<? extends Tuple> builder = addSink(stream)
                    .setQuery(query)
                    .setHost(host, port);
            if (grouping != BatchGrouping.NONE) {
                builder.setBatchGrouping(grouping);
            }
            if (wal) {
                builder.enableWriteAheadLog();
            }
            builder.build().name("cassandra");
        }

        long start = System.nanoTime();
        env.execute("bench ours " + shape + " " + mode);
        BenchSupport.report("ours-" + (wal || discard ? mode + "-" : "") + shape
                + (grouping != BatchGrouping.NONE ? "-" + grouping.name().toLowerCase(java.util.Locale.ROOT) : ""), rows, start);
        System.exit(0);
    }

    /**
     * The write-ahead log keeps records in state: the JobManager's memory (5 MiB per handle) is too
     * small. Options rather than CheckpointConfig.setCheckpointStorage, which Flink 2 removed.
     */
    private static void fileCheckpoints(StreamExecutionEnvironment env) throws java.io.IOException {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                java.nio.file.Files.createTempDirectory("bench-wal-checkpoints").toUri().toString());
        env.configure(conf);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CassandraSink.CassandraSinkBuilder<? extends Tuple> addSink(DataStream<? extends Tuple> stream) {
        return CassandraSink.addSink((DataStream) stream);
    }
}
