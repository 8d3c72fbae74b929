package bench.official;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.tuple.Tuple10;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copy of the row generators, timing and reporting of our connector's
 * {@code bench.connector.BenchSupport} (bench/connector): keep the two in step.
 */
final class OfficialSupport {
    private OfficialSupport() {}

    static final AtomicLong FIRST_NANOS = new AtomicLong();
    static final AtomicLong FIRST_CPU_TICKS = new AtomicLong();

    static final String NARROW_INSERT = "INSERT INTO bench.narrow (id, v) VALUES (?, ?);";
    static final String WIDE_INSERT = "INSERT INTO bench.wide (id, name, ts, uid, score, counts, flag, qty, amount, tag)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);";

    private static final String PAD = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs! 0123456789";

    static final AtomicLong PROGRESS = new AtomicLong();

    /** A bounded restart strategy, as in BenchSupport.configuration(). */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        return conf;
    }

    /** As BenchSupport.Progress: one subtask's rows, printed every 65,536. */
    static final class Progress implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final long STEP = 1 << 16;
        private transient long count;

        void tick() {
            if ((++count & (STEP - 1)) == 0) {
                System.out.println("BENCH_PROGRESS rows=" + PROGRESS.addAndGet(STEP));
            }
        }
    }

    /** As BenchSupport.Generate (Flink 1.16's RuntimeContext API). */
    static final class Generate extends RichMapFunction<Long, Tuple> {
        private static final long serialVersionUID = 1L;
        private final boolean wide;
        private final Progress progress = new Progress();

        Generate(boolean wide) {
            this.wide = wide;
        }

        @Override
        public void open(Configuration parameters) {
            int attempt = getRuntimeContext().getAttemptNumber();
            if (attempt > 0) {
                System.out.println("BENCH_RESTARTED attempt=" + attempt);
            }
        }

        @Override
        public Tuple map(Long id) {
            markFirst();
            progress.tick();
            return wide ? wide(id) : narrow(id);
        }
    }

    static void markFirst() {
        if (FIRST_NANOS.get() == 0 && FIRST_NANOS.compareAndSet(0, System.nanoTime())) {
            FIRST_CPU_TICKS.set(cpuTicks());
        }
    }

    static Tuple2<Long, Integer> narrow(long id) {
        return Tuple2.of(id, (int) (id * 31 % 1_000_003));
    }

    static Tuple10<Long, String, Date, UUID, Double, List<Integer>, Boolean, Integer, Long, String> wide(long id) {
        return Tuple10.of(
                id,
                PAD.substring(0, 88) + String.format(Locale.ROOT, "%012d", id),
                new Date(1_700_000_000_000L + id),
                new UUID(0x1234_5678_9abc_def0L ^ id, id),
                id * 0.5,
                Arrays.asList((int) id, (int) (id + 1), (int) (id + 2)),
                (id & 1) == 0,
                (int) (id % 1000),
                id * 1_000,
                "t" + (id % 100));
    }

    static long cpuTicks() {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void report(String variant, long rows, long executeStartNanos) {
        long end = System.nanoTime();
        long endTicks = cpuTicks();
        long first = FIRST_NANOS.get() == 0 ? executeStartNanos : FIRST_NANOS.get();
        double phase = (end - first) / 1e9;
        double exec = (end - executeStartNanos) / 1e9;
        double cpu = FIRST_CPU_TICKS.get() > 0 && endTicks > 0 ? (endTicks - FIRST_CPU_TICKS.get()) / 100.0 : -1;
        System.out.printf(Locale.ROOT, "BENCH_RESULT variant=%s rows=%d phase_s=%.3f exec_s=%.3f phase_cpu_s=%.2f rows_per_s=%.0f%n",
                variant, rows, phase, exec, cpu, rows / phase);
    }

    static String arg(String[] args, int i, String dflt) {
        return args.length > i ? args[i] : dflt;
    }
}
