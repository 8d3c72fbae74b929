package bench.connector;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.tuple.Tuple10;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import com.datastax.driver.core.Cluster;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

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
 * Shared pieces of the {@code scripts/bench} jobs. The row generators are duplicated verbatim in
 * {@code bench/official} (the official connector's jobs), so both write identical rows.
 *
 * <p>Timing: a job's "phase" runs from the first record the generator (or the source) emits to the
 * return of {@code env.execute()}, so JVM and MiniCluster start-up are excluded; the CPU of the
 * phase is the process's utime+stime from {@code /proc/self/stat} at those two instants.
 */
final class BenchSupport {
    private BenchSupport() {}

    /** Set once, by the first record (MiniCluster runs in this JVM). */
    static final AtomicLong FIRST_NANOS = new AtomicLong();
    static final AtomicLong FIRST_CPU_TICKS = new AtomicLong();

    static final String NARROW_INSERT = "INSERT INTO bench.narrow (id, v) VALUES (?, ?)";
    static final String CLUSTERED_INSERT = "INSERT INTO bench.clustered (bucket, id, v) VALUES (?, ?, ?)";
    /** Rows per partition of the clustered shape (ids 16k .. 16k + 15 share bucket k). */
    static final int CLUSTERED_ROWS_PER_PARTITION = 16;
    static final String WIDE_INSERT = "INSERT INTO bench.wide (id, name, ts, uid, score, counts, flag, qty, amount, tag)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String PAD = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs! 0123456789";

    /** Rows counted by every subtask's {@link Progress}, printed as they pass each step. */
    static final AtomicLong PROGRESS = new AtomicLong();

    /**
     * The job's configuration: a bounded restart strategy (2 attempts, 2 s apart), so that a
     * failing job ends instead of restarting for ever (with checkpoints on, Flink's default
     * restarts without bound), and scripts/bench reports it as failed.
     */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        return conf;
    }

    /**
     * Counts one subtask's rows (each subtask deserializes its own copy) and adds them to
     * {@link #PROGRESS} every 65,536 rows, printing {@code BENCH_PROGRESS rows=...}: scripts/bench
     * shows it while the job runs. A plain field per row, one atomic add per step.
     */
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

    /**
     * The generator of every write job (ours, and the discarding baseline): id to row. Says so
     * when it runs in a restarted attempt ({@code BENCH_RESTARTED}): such a run's timing is not
     * comparable, and scripts/bench reports it as restarted.
     */
    static final class Generate extends RichMapFunction<Long, Tuple> {
        private static final long serialVersionUID = 1L;
        private final String shape;
        private final Progress progress = new Progress();

        /** {@code wide}: true for the wide shape, false for the narrow one. */
        Generate(boolean wide) {
            this(wide ? "wide" : "narrow");
        }

        /** narrow, wide or clustered (ours only: the official jobs write narrow and wide). */
        Generate(String shape) {
            this.shape = shape;
        }

        @Override
        public void open(OpenContext context) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (attempt > 0) {
                System.out.println("BENCH_RESTARTED attempt=" + attempt);
            }
        }

        @Override
        public Tuple map(Long id) {
            markFirst();
            progress.tick();
            switch (shape) {
                case "wide":
                    return wide(id);
                case "clustered":
                    return clustered(id);
                default:
                    return narrow(id);
            }
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

    /** The narrow row's values, in partitions of 16 consecutive ids (what batch grouping can group). */
    static Tuple3<Long, Long, Integer> clustered(long id) {
        return Tuple3.of(id / CLUSTERED_ROWS_PER_PARTITION, id, (int) (id * 31 % 1_000_003));
    }

    static Tuple10<Long, String, Date, UUID, Double, List<Integer>, Boolean, Integer, Long, String> wide(long id) {
        return Tuple10.of(
                id,
                PAD.substring(0, 88) + String.format(Locale.ROOT, "%012d", id), // 100 bytes
                new Date(1_700_000_000_000L + id),
                new UUID(0x1234_5678_9abc_def0L ^ id, id),
                id * 0.5,
                Arrays.asList((int) id, (int) (id + 1), (int) (id + 2)),
                (id & 1) == 0,
                (int) (id % 1000),
                id * 1_000,
                "t" + (id % 100));
    }

    /** utime+stime of this process (all threads), in clock ticks (USER_HZ = 100 on Linux). */
    static long cpuTicks() {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Prints the line scripts/bench parses. */
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

    /** Connection to the bench node. */
    static final class BenchClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        BenchClusterBuilder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port).build();
        }
    }
}
