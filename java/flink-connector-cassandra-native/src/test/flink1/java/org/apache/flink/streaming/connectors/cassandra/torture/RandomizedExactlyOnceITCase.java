package org.apache.flink.streaming.connectors.cassandra.torture;

import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.CassandraTupleWriteAheadSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized exactly-once runs (issue 12, part 3): each run picks a parallelism 1-4, a checkpoint
 * interval and 1-4 failures, one per job attempt, each at a random point of one of four kinds:
 * in the source, between a checkpoint and its notification, inside the sink's write (part of a
 * checkpoint's records written) and between the write and its commit. Every id is written twice
 * (version 0, then 1); a run is exact when Cassandra holds exactly one row per id with version 1.
 *
 * <p>{@code scripts/torture} runs it with {@code -Dtorture.runs=100}; {@code scripts/test} runs
 * the quick default of {@value #QUICK_RUNS} runs. {@code -Dtorture.seed} replays a sequence.
 */
class RandomizedExactlyOnceITCase {
    static final int QUICK_RUNS = 3;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    /** Which planned failures fired, per run (the MiniCluster runs in this JVM). */
    static final ConcurrentHashMap<String, Boolean> FIRED = new ConcurrentHashMap<>();

    enum Kind {
        SOURCE,
        NOTIFICATION,
        IN_WRITE,
        AFTER_WRITE
    }

    /** Failure number {@code attempt}: fires in that job attempt, on subtask 0, at its {@code at}-th event. */
    static final class Failure implements Serializable {
        private static final long serialVersionUID = 1L;
        final Kind kind;
        final int attempt;
        final int at;

        Failure(Kind kind, int attempt, int at) {
            this.kind = kind;
            this.attempt = attempt;
            this.at = at;
        }

        String key(String run) {
            return run + "/" + attempt + "/" + kind;
        }

        @Override
        public String toString() {
            return kind + "@" + at;
        }
    }

    @Test
    void randomizedRunsAreAllExact() throws Exception {
        int runs = Integer.getInteger("torture.runs", QUICK_RUNS);
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("exactly-once: %d runs, seed %d%n", runs, seed);
        long t0 = System.nanoTime();
        int exact = 0;
        List<String> failed = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            long started = System.nanoTime();
            String result = run("run" + run, random);
            boolean ok = result.startsWith("exact");
            exact += ok ? 1 : 0;
            if (!ok) {
                failed.add("run " + run + ": " + result);
            }
            System.out.printf("exactly-once: run %d/%d %s (%d s, elapsed %d s)%n", run, runs, result,
                    (System.nanoTime() - started) / 1_000_000_000L, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        System.out.printf("exactly-once: %d/%d runs exact%n", exact, runs);
        assertThat(failed).as("runs that were not exact (seed %d)", seed).isEmpty();
    }

    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    private static String run(String name, Random random) throws Exception {
        int parallelism = 1 + random.nextInt(4);
        int interval = 100 + random.nextInt(400);
        int n = 2_000 + random.nextInt(4_000);
        List<Failure> plan = new ArrayList<>();
        int failures = 1 + random.nextInt(4);
        for (int attempt = 0; attempt < failures; attempt++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            int at = kind == Kind.SOURCE ? 1 + random.nextInt(n / parallelism) : 1 + random.nextInt(3);
            plan.add(new Failure(kind, attempt, at));
        }
        String table = CassandraTestSupport.createTable("torture", "id bigint PRIMARY KEY, version int, note text");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(interval);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(failures + 2, 100));
        DataStream<Tuple3<Long, Integer, String>> records = env.fromSequence(0, n - 1)
                .flatMap(new TwoVersions(name, plan))
                .returns(Types.TUPLE(Types.LONG, Types.INT, Types.STRING))
                .keyBy(r -> r.f0);
        TypeSerializer<Tuple3<Long, Integer, String>> serializer =
                records.getType().createSerializer(env.getConfig().getSerializerConfig());
        records.transform("faulty exactly-once sink", null, new FaultySink(name, table, serializer, plan));
        env.execute("randomized exactly-once " + name);

        long fired = plan.stream().filter(f -> FIRED.containsKey(f.key(name))).count();
        long count = CassandraTestSupport.count(table);
        long wrong = CassandraTestSupport.rows("SELECT id, version, note FROM " + table).stream()
                .filter(r -> !Integer.valueOf(1).equals(r[1]) || !("id-" + r[0] + "-v1").equals(r[2]))
                .count();
        String what = String.format("p=%d, checkpoints %d ms, %d ids, failures %s (%d fired)",
                parallelism, interval, n, plan, fired);
        if (count == n && wrong == 0) {
            return "exact: " + what;
        }
        return String.format("NOT exact: %d rows of %d, %d with a wrong value: %s", count, n, wrong, what);
    }

    private static boolean fire(String run, Failure f) {
        return FIRED.putIfAbsent(f.key(run), Boolean.TRUE) == null;
    }

    private static Failure planned(List<Failure> plan, Kind kind, int attempt) {
        for (Failure f : plan) {
            if (f.kind == kind && f.attempt == attempt) {
                return f;
            }
        }
        return null;
    }

    /** Emits version 0 then 1 of each id; fails where the plan says. */
    static final class TwoVersions extends RichFlatMapFunction<Long, Tuple3<Long, Integer, String>> {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final List<Failure> plan;
        private long seen;

        TwoVersions(String run, List<Failure> plan) {
            this.run = run;
            this.plan = plan;
        }

        @Override
        public void flatMap(Long id, Collector<Tuple3<Long, Integer, String>> out) throws Exception {
            if (++seen % 20 == 0) {
                Thread.sleep(1); // spread the input over several checkpoints
            }
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                Failure f = planned(plan, Kind.SOURCE, getRuntimeContext().getTaskInfo().getAttemptNumber());
                if (f != null && seen == f.at && fire(run, f)) {
                    throw new IllegalStateException("injected source failure " + f);
                }
            }
            out.collect(Tuple3.of(id, 0, "id-" + id + "-v0"));
            out.collect(Tuple3.of(id, 1, "id-" + id + "-v1"));
        }
    }

    /** The exactly-once sink, failing where the plan says. */
    static final class FaultySink extends CassandraTupleWriteAheadSink<Tuple3<Long, Integer, String>> {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final List<Failure> plan;
        private transient int notifications;
        private transient int sends;

        FaultySink(String run, String table, TypeSerializer<Tuple3<Long, Integer, String>> serializer,
                List<Failure> plan) throws Exception {
            super("INSERT INTO " + table + " (id, version, note) VALUES (?, ?, ?)", serializer,
                    CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
            this.run = run;
            this.plan = plan;
        }

        private Failure planned(Kind kind) {
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
                return null;
            }
            return RandomizedExactlyOnceITCase.planned(plan, kind, getRuntimeContext().getTaskInfo().getAttemptNumber());
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            Failure f = planned(Kind.NOTIFICATION);
            if (f != null && ++notifications == f.at && fire(run, f)) {
                throw new IllegalStateException("injected failure between checkpoint " + checkpointId + " and its notification");
            }
            super.notifyCheckpointComplete(checkpointId);
        }

        @Override
        protected boolean sendValues(Iterable<Tuple3<Long, Integer, String>> values, long checkpointId, long timestamp)
                throws Exception {
            Failure inWrite = planned(Kind.IN_WRITE);
            if (inWrite != null && ++sends == inWrite.at && fire(run, inWrite)) {
                // half of the checkpoint's records reach Cassandra, then the task dies
                List<Tuple3<Long, Integer, String>> half = new ArrayList<>();
                Iterator<Tuple3<Long, Integer, String>> it = values.iterator();
                int i = 0;
                while (it.hasNext()) {
                    Tuple3<Long, Integer, String> v = it.next();
                    if (i++ % 2 == 0) {
                        half.add(v);
                    }
                }
                super.sendValues(half, checkpointId, timestamp);
                throw new IllegalStateException("injected failure inside the write of checkpoint " + checkpointId);
            }
            boolean written = super.sendValues(values, checkpointId, timestamp);
            Failure afterWrite = planned(Kind.AFTER_WRITE);
            if (written && afterWrite != null && ++sends == afterWrite.at && fire(run, afterWrite)) {
                throw new IllegalStateException("checkpoint " + checkpointId + " written, commit not reached");
            }
            return written;
        }
    }
}
