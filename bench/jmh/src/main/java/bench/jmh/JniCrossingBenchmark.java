package bench.jmh;

import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowEncoder;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeTesting;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The Java half of the sink's write path, per batch: encode {@code rows} rows into a
 * {@link RowBuffer} with the statement's {@link RowEncoder}, then one JNI call that parses the
 * buffer natively as {@code NativeWriter.submit} does, without sending ({@code
 * NativeTesting.parseRows}, from the client's test jar and its test-only library). {@code encodeOnly} is the same without the
 * crossing, so the difference is the crossing plus native parsing. Rows are the benchmark's
 * narrow (bigint, int) and wide (10 mixed columns) rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JniCrossingBenchmark {
    private static final String PAD =
            "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs! 0123456789";

    @Param({"1", "10", "100", "1000"})
    public int rows;

    @Param({"narrow", "wide"})
    public String shape;

    private RowEncoder encoder;
    private RowBuffer buffer;
    private Object[][] values;

    @Setup
    public void setup() {
        List<ColumnSpec> columns = new ArrayList<>();
        if ("wide".equals(shape)) {
            String[] names = {"id", "name", "ts", "uid", "score", "counts", "flag", "qty", "amount", "tag"};
            CqlType[] types = {CqlType.BIGINT, CqlType.TEXT, CqlType.TIMESTAMP, CqlType.UUID, CqlType.DOUBLE,
                    CqlType.list(CqlType.INT), CqlType.BOOLEAN, CqlType.INT, CqlType.BIGINT, CqlType.TEXT};
            for (int i = 0; i < names.length; i++) {
                columns.add(new ColumnSpec("bench", "wide", names[i], types[i]));
            }
        } else {
            columns.add(new ColumnSpec("bench", "narrow", "id", CqlType.BIGINT));
            columns.add(new ColumnSpec("bench", "narrow", "v", CqlType.INT));
        }
        encoder = new RowEncoder("INSERT INTO bench." + shape + " ...",
                new StatementMetadata(new int[] {0}, columns, Collections.emptyList()));
        buffer = new RowBuffer();
        values = new Object[rows][];
        for (int r = 0; r < rows; r++) {
            long id = 1_000_000L + r;
            values[r] = "wide".equals(shape)
                    ? new Object[] {id, PAD.substring(0, 88) + String.format(Locale.ROOT, "%012d", id),
                        new Date(1_700_000_000_000L + id), new UUID(0x1234_5678_9abc_def0L ^ id, id), id * 0.5,
                        Arrays.asList((int) id, (int) id + 1, (int) id + 2), (id & 1) == 0, (int) (id % 1000),
                        id * 1_000, "t" + (id % 100)}
                    : new Object[] {id, (int) (id * 31 % 1_000_003)};
        }
        // fail fast if the native hook is missing or parses differently
        if (encodeAndParse() != rows) {
            throw new IllegalStateException("parseRows did not return " + rows);
        }
    }

    private ByteBuffer encode() {
        buffer.clear();
        for (Object[] row : values) {
            encoder.encodeRow(row, buffer);
        }
        return buffer.finish();
    }

    @Benchmark
    public int encodeAndParse() {
        ByteBuffer b = encode();
        return NativeTesting.parseRows(b, b.remaining());
    }

    @Benchmark
    public int encodeOnly() {
        return encode().remaining();
    }
}
