package bench.official;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;

/**
 * scripts/bench variants (b) and (f) on Flink 1.16: the same rows through the official
 * connector's at-least-once CassandraSink (3.0.0-1.16 on Flink 1.16), setQuery + setHost, default
 * settings (maxConcurrentRequests defaults to Integer.MAX_VALUE there: no bound on in-flight
 * writes; 0 keeps that default); or, with {@code discard}, the same source and job shape into a
 * discarding sink (the Flink 1.16 baseline).
 *
 * <p>Usage: {@code OfficialSinkBench host port narrow|wide rows parallelism [maxConcurrentRequests [discard]]}
 */
public final class OfficialSinkBench {
    private OfficialSinkBench() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String shape = OfficialSupport.arg(args, 2, "narrow");
        long rows = Long.parseLong(OfficialSupport.arg(args, 3, "20000"));
        int parallelism = Integer.parseInt(OfficialSupport.arg(args, 4, "2"));
        int maxConcurrent = Integer.parseInt(OfficialSupport.arg(args, 5, "0"));
        boolean discard = "discard".equals(OfficialSupport.arg(args, 6, "cassandra"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(OfficialSupport.configuration());
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        DataStream<Tuple> stream;
        String query;
        if ("wide".equals(shape)) {
            stream = env.fromSequence(0, rows - 1)
                    .map(new OfficialSupport.Generate(true))
                    .returns((TypeInformation) Types.TUPLE(Types.LONG, Types.STRING, Types.GENERIC(java.util.Date.class),
                            Types.GENERIC(java.util.UUID.class), Types.DOUBLE, Types.LIST(Types.INT), Types.BOOLEAN,
                            Types.INT, Types.LONG, Types.STRING));
            query = OfficialSupport.WIDE_INSERT;
        } else {
            stream = env.fromSequence(0, rows - 1)
                    .map(new OfficialSupport.Generate(false))
                    .returns((TypeInformation) Types.TUPLE(Types.LONG, Types.INT));
            query = OfficialSupport.NARROW_INSERT;
        }
        if (discard) {
            stream.addSink(new DiscardingSink<>()).name("discard");
        } else {
            CassandraSink.CassandraSinkBuilder builder = CassandraSink.addSink((DataStream) stream)
                    .setQuery(query)
                    .setHost(host, port);
            if (maxConcurrent > 0) {
                builder.setMaxConcurrentRequests(maxConcurrent);
            }
            builder.build().name("cassandra");
        }

        long start = System.nanoTime();
        env.execute("bench official " + shape + (discard ? " discard" : ""));
        OfficialSupport.report((discard ? "flink116-discard-" : "official-") + shape, rows, start);
        System.exit(0);
    }
}
