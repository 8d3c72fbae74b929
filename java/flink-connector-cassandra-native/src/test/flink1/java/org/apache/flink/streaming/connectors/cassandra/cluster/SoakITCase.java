package org.apache.flink.streaming.connectors.cassandra.cluster;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraSink;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraCluster;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraClusterExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak (issue 12, part 3): a steady at-least-once and write-ahead job on 3 nodes (LOCAL_QUORUM,
 * replication factor 3) with node 2 paused for a while every few minutes; this JVM's resident
 * memory, open file descriptors and threads sampled every 10 s and printed as min/max/last (the
 * trend is read from the summary, not asserted: it depends on the machine). Asserted: nothing
 * lost (exact rows in both tables). The soak's job-classloader cycles are {@code
 * JobClassLoaderCyclesITCase} (jobs in Flink's user-code classloaders, on one node).
 *
 * <p>{@code -Dtorture.soak.minutes} (default {@value #QUICK_MINUTES}), {@code
 * -Dtorture.soak.pauseEverySeconds} (default 20 in the quick mode, 180 otherwise).
 */
@ExtendWith(CassandraClusterExtension.class)
class SoakITCase {
    static final int QUICK_MINUTES = 1;
    private static final int RECORDS_PER_SECOND = 100;
    private static final int SAMPLE_SECONDS = 10;
    private static final int PAUSE_SECONDS = 6;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    @Test
    @SuppressWarnings({"deprecation", "try"}) // RestartStrategies: the seed's API; the pause's job is its close()
    void steadyJobWithNodePausesLosesNothing(CassandraCluster cluster) throws Exception {
        int minutes = Integer.getInteger("torture.soak.minutes", QUICK_MINUTES);
        int pauseEvery = Integer.getInteger("torture.soak.pauseEverySeconds", minutes <= QUICK_MINUTES ? 20 : 180);
        long n = (long) RECORDS_PER_SECOND * 60 * minutes;
        String alo = ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, "soak_alo", "id bigint PRIMARY KEY, v text");
        String wal = ClusterTestSupport.createTable(ClusterTestSupport.KEYSPACE, "soak_wal", "id bigint PRIMARY KEY, v text");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 1_000));
        DataStream<Tuple2<Long, String>> stream = env.fromSequence(0, n - 1)
                .map(new Steady(RECORDS_PER_SECOND / 2.0)).returns(Types.TUPLE(Types.LONG, Types.STRING));
        ClusterBuilder builder = ClusterTestSupport.builder("LOCAL_QUORUM", 5_000);
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + alo + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(builder).setMaxRetries(20).build().name("at-least-once");
        CassandraSink.addSink(stream).setQuery("INSERT INTO " + wal + " (id, v) VALUES (?, ?)")
                .setClusterBuilder(builder)
                .enableWriteAheadLog(new CassandraCommitter(builder, ClusterTestSupport.AUX_KEYSPACE)
                        .setReplication(ClusterTestSupport.RF3))
                .build().name("write-ahead");

        List<long[]> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long[] s = sample(t0);
            synchronized (samples) {
                samples.add(s);
            }
            System.out.printf("soak: run 1, elapsed %d s, rss %d MiB, fds %d, threads %d%n", s[0], s[1] >> 20, s[2], s[3]);
        }, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
        int pauses = 0;
        try {
            JobClient job = env.executeAsync("soak " + minutes + " min");
            long nextPause = System.nanoTime() + TimeUnit.SECONDS.toNanos(pauseEvery);
            while (!job.getJobStatus().get().isGloballyTerminalState()) {
                if (System.nanoTime() >= nextPause) {
                    try (CassandraTestServer.Pause pause = cluster.pause(2)) {
                        pauses++;
                        System.out.printf("soak: elapsed %d s, node 2 paused for %d s%n", elapsed(t0), PAUSE_SECONDS);
                        ClusterTestSupport.sleep(TimeUnit.SECONDS.toMillis(PAUSE_SECONDS));
                    }
                    nextPause = System.nanoTime() + TimeUnit.SECONDS.toNanos(pauseEvery);
                }
                ClusterTestSupport.sleep(500);
            }
            job.getJobExecutionResult().get(10, TimeUnit.MINUTES);
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(1, TimeUnit.MINUTES);
        }
        long aloRows = ClusterTestSupport.count(alo);
        long walRows = ClusterTestSupport.count(wal);
        System.out.println("soak: " + summary(minutes, n, pauses, samples) + ", rows at-least-once " + aloRows
                + ", write-ahead " + walRows + " of " + n);
        assertThat(aloRows).as("rows of the at-least-once sink").isEqualTo(n);
        assertThat(walRows).as("rows of the write-ahead sink").isEqualTo(n);
    }

    private static long elapsed(long t0) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    }

    /** {elapsed s, resident bytes, open fds, JVM threads} of this JVM (where the MiniCluster runs). */
    private static long[] sample(long t0) {
        long rss = 0;
        long fds = 0;
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            try (Stream<Path> open = Files.list(Paths.get("/proc/self/fd"))) {
                fds = open.count();
            }
        } catch (IOException e) {
            // not Linux: the figures stay 0
        }
        return new long[] {elapsed(t0), rss, fds, ManagementFactory.getThreadMXBean().getThreadCount()};
    }

    /**
     * min/max/last of each figure, and the change of each from the end of the warm-up (the first
     * quarter of the samples) to the last sample.
     */
    static String summary(int minutes, long records, int pauses, List<long[]> samples) {
        List<long[]> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        if (all.isEmpty()) {
            return minutes + " min, no samples";
        }
        long[] warm = all.get(all.size() / 4);
        long[] last = all.get(all.size() - 1);
        StringBuilder sb = new StringBuilder();
        sb.append(minutes).append(" min, ").append(records).append(" records, ").append(pauses)
                .append(" pauses of node 2, ").append(all.size()).append(" samples");
        String[] names = {"rss MiB", "fds", "threads"};
        for (int f = 1; f <= 3; f++) {
            int field = f;
            int shift = f == 1 ? 20 : 0;
            LongSummaryStatistics stats = all.stream().mapToLong(s -> s[field] >> shift).summaryStatistics();
            sb.append(String.format(", %s min/max/last %d/%d/%d (after warm-up %+d)", names[f - 1], stats.getMin(),
                    stats.getMax(), last[f] >> shift, (last[f] >> shift) - (warm[f] >> shift)));
        }
        return sb.toString();
    }

    /** Paces the input at {@code perSecond} records per subtask (so the job runs for its minutes). */
    static final class Steady extends RichMapFunction<Long, Tuple2<Long, String>> {
        private static final long serialVersionUID = 1L;
        private final double perSecond;
        private transient long started;
        private transient long seen;

        Steady(double perSecond) {
            this.perSecond = perSecond;
        }

        @Override
        public Tuple2<Long, String> map(Long id) throws Exception {
            if (started == 0) {
                started = System.nanoTime();
            }
            long due = started + (long) (++seen * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            return Tuple2.of(id, "v" + id);
        }
    }
}
