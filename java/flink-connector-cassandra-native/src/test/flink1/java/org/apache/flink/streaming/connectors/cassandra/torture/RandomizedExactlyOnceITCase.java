package org.apache.flink.streaming.connectors.cassandra.torture;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.CassandraCommitter;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.ForwardingSourceReader;
import org.apache.flink.streaming.connectors.cassandra.CassandraTupleWriteAheadSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException;
import org.apache.flink.util.SerializedThrowable;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.SocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized exactly-once runs (issue 12, part 3): each run picks a parallelism 1-4, a checkpoint
 * interval and 1-4 failures, fired in order, one per job attempt, each at a point of one of four
 * kinds: in the source (its {@code at}-th record), between a checkpoint and its notification (the
 * {@code at}-th notification), inside the sink's write (half of the {@code at}-th checkpoint's
 * records written) and between the write and its commit. A failure fires on whichever subtask
 * reaches its point first, in the first attempt after the previous failure's. A failure in or after
 * a write fails the task once the notification returns (Flink's {@code GenericWriteAheadSink} only
 * logs an exception of the write and retries at the next notification), as a crash there would.
 *
 * <p>Every planned failure fires: while one is pending the source emits at most a few records per
 * completed checkpoint (sized so that the input outlasts every planned point) and does not end, so
 * each kind's point comes. A run whose planned failures did not all fire within a generous bound
 * counts as not exact, with the failures that did not fire named.
 *
 * <p>Two independent counts in Cassandra. Every id is written twice (version 0, then 1), through
 * two exactly-once sinks fed the same records: the row table must hold exactly one row per id, with
 * version 1; a counter table counts the records (per version and id bucket, {@code c = c + 1}).
 * The counter sees what the row table cannot: a lost version-0 record (its row is overwritten by
 * version 1) and a checkpoint applied twice. Counter updates are not idempotent, so the counter
 * counts a checkpoint once per time it is written: after a failure inside the write or between the
 * write and its commit, the checkpoint is written again, and a node pause makes the sink write a
 * checkpoint again after a timed-out attempt. The test counts the records each sink hands to its
 * write; a run is exact when every (version, bucket) cell holds at least its number of ids (nothing
 * lost) and the total is at most the records handed to the counter sink's writes (nothing applied
 * twice within one write). When no checkpoint was written twice, this is equality with 2 x ids.
 *
 * <p>Some runs pause the Cassandra node (SIGSTOP) for longer than the sink's request timeout while
 * the job runs. About one run in three also stops the job with a savepoint and restores it at
 * another parallelism (1-4) ({@code -Dtorture.savepoints=false} leaves them out); when a failure
 * fires at the savepoint's own notification, Flink ends the stopping job and the run restores from
 * the savepoint it took. Those runs lost rows until the write-ahead sinks kept the pending records
 * in the snapshot itself (see {@code WriteAheadSavepointITCase}). Until those steps are
 * done the source holds back its input the same way, so the job is still running when they happen.
 *
 * <p>{@code scripts/torture} runs it with {@code -Dtorture.runs=100}; {@code scripts/test} runs
 * the quick default of {@value #QUICK_RUNS} runs. {@code -Dtorture.seed} replays a sequence.
 */
class RandomizedExactlyOnceITCase {
    static final int QUICK_RUNS = 3;
    /** Savepoint runs, on since the write-ahead sinks keep their pending records in the snapshot. */
    static final boolean SAVEPOINTS_BY_DEFAULT = true;
    static final boolean SAVEPOINTS =
            Boolean.parseBoolean(System.getProperty("torture.savepoints", String.valueOf(SAVEPOINTS_BY_DEFAULT)));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    /** Each run's plan and what happened to it (the MiniCluster runs in this JVM). */
    static final ConcurrentHashMap<String, RunState> RUNS = new ConcurrentHashMap<>();

    /** The sink's request timeout in runs with a node pause; the pause lasts longer. */
    static final int PAUSE_RUN_REQUEST_TIMEOUT_MILLIS = 1_500;

    /** Counter cells per version: ids are counted in {@code id % BUCKETS}. */
    static final int BUCKETS = 16;

    /** How long a run holds its input back at most; beyond it the run reports unfired failures. */
    static final long HOLD_LIMIT_MILLIS = TimeUnit.MINUTES.toMillis(3);

    @TempDir
    Path savepoints;

    enum Kind {
        SOURCE,
        NOTIFICATION,
        IN_WRITE,
        AFTER_WRITE
    }

    /** A planned failure: the {@code index}-th of its run, at the {@code at}-th event of its kind. */
    static final class Failure implements Serializable {
        private static final long serialVersionUID = 1L;
        final Kind kind;
        final int index;
        final int at;

        Failure(Kind kind, int index, int at) {
            this.kind = kind;
            this.index = index;
            this.at = at;
        }

        @Override
        public String toString() {
            return kind + "@" + at;
        }
    }

    /**
     * A run's plan and progress, shared by its tasks: the next planned failure is armed in every
     * attempt after the one in which the previous fired (other restarts, e.g. timeouts in a node
     * pause, do not consume it).
     */
    static final class RunState {
        final List<Failure> plan;
        /** Records a source subtask may emit per completed checkpoint while the run is held. */
        final int credits;
        final long holdUntil = System.currentTimeMillis() + HOLD_LIMIT_MILLIS;
        final List<String> fired = new ArrayList<>();
        /** Records handed to the writes of the row sink and of the counter sink. */
        final AtomicLong handedRows = new AtomicLong();
        final AtomicLong handedCounts = new AtomicLong();
        volatile boolean held;
        /** A stop-with-savepoint to come: the source keeps its pace, so the savepoint has records pending. */
        volatile boolean savepointPending;
        private JobID lastJob;
        private int lastAttempt;

        RunState(List<Failure> plan, int credits, boolean held) {
            this.plan = plan;
            this.credits = credits;
            this.held = held;
        }

        /** Whether the source holds back its input: failures to fire, or a savepoint or pause to come. */
        synchronized boolean holding() {
            return (fired.size() < plan.size() || held) && System.currentTimeMillis() < holdUntil;
        }

        synchronized boolean failurePending() {
            return fired.size() < plan.size();
        }

        /** The next planned failure when it is of this kind and may fire in this attempt. */
        synchronized Failure armed(Kind kind, RuntimeContext context) {
            if (fired.size() == plan.size() || plan.get(fired.size()).kind != kind) {
                return null;
            }
            JobID job = context.getJobInfo().getJobId();
            int attempt = context.getTaskInfo().getAttemptNumber();
            if (job.equals(lastJob) && attempt <= lastAttempt) {
                return null;
            }
            return plan.get(fired.size());
        }

        /** Claims failure {@code f} for this task; false when another task fired it first. */
        synchronized boolean fire(Failure f, RuntimeContext context, String where) {
            if (armed(f.kind, context) != f) {
                return false;
            }
            lastJob = context.getJobInfo().getJobId();
            lastAttempt = context.getTaskInfo().getAttemptNumber();
            fired.add(f + " " + where + " " + context.getTaskInfo().getIndexOfThisSubtask() + ", attempt " + lastAttempt);
            return true;
        }

        synchronized List<String> firedSoFar() {
            return new ArrayList<>(fired);
        }
    }

    @Test
    void randomizedRunsAreAllExact() throws Exception {
        int runs = Integer.getInteger("torture.runs", QUICK_RUNS);
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("exactly-once: %d runs, seed %d%s%n", runs, seed, SAVEPOINTS ? ", with savepoint runs" : "");
        long t0 = System.nanoTime();
        int exact = 0;
        int planned = 0;
        int fired = 0;
        int replayRuns = 0;
        List<String> failed = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            long started = System.nanoTime();
            Outcome outcome = run("run" + run, random, savepoints);
            exact += outcome.exact ? 1 : 0;
            planned += outcome.planned;
            fired += outcome.fired;
            replayRuns += outcome.replayed > 0 ? 1 : 0;
            if (!outcome.exact) {
                failed.add("run " + run + ": " + outcome.text);
            }
            System.out.printf("exactly-once: run %d/%d %s (%d s, elapsed %d s)%n", run, runs, outcome.text,
                    (System.nanoTime() - started) / 1_000_000_000L, (System.nanoTime() - t0) / 1_000_000_000L);
        }
        System.out.printf("exactly-once: %d/%d runs exact, %d/%d planned failures fired, %d runs in which the counter "
                + "sink wrote a checkpoint again%n", exact, runs, fired, planned, replayRuns);
        assertThat(failed).as("runs that were not exact (seed %d)", seed).isEmpty();
        assertThat(fired).as("planned failures fired (seed %d)", seed).isEqualTo(planned);
    }

    /** One run's verdict. */
    static final class Outcome {
        final boolean exact;
        final int planned;
        final int fired;
        final long replayed;
        final String text;

        Outcome(boolean exact, int planned, int fired, long replayed, String text) {
            this.exact = exact;
            this.planned = planned;
            this.fired = fired;
            this.replayed = replayed;
            this.text = text;
        }
    }

    @SuppressWarnings("try") // a resource held only for its scope (a pause, a second writer)
    private static Outcome run(String name, Random random, Path savepoints) throws Exception {
        int parallelism = 1 + random.nextInt(4);
        int interval = 100 + random.nextInt(400);
        int n = 2_000 + random.nextInt(4_000);
        boolean savepoint = SAVEPOINTS && random.nextInt(3) == 0;
        int restoreParallelism = savepoint ? 1 + (parallelism + random.nextInt(3)) % 4 : parallelism;
        int pauseMillis = random.nextInt(3) == 0 ? PAUSE_RUN_REQUEST_TIMEOUT_MILLIS + 1_000 + random.nextInt(2_000) : 0;
        int stepDelayMillis = 100 + random.nextInt(700);
        int failures = 1 + random.nextInt(4);
        // While a failure is pending a source subtask emits at most `credits` records per completed
        // checkpoint. A failure's point comes within about 2 x at + 2 checkpoints (the sink's
        // at-th non-empty write: records emitted after a checkpoint travel in the next or the one
        // after); half of each input split covers that for every planned failure (at <= 3).
        int credits = Math.max(1, n / parallelism / (2 * failures * (2 * 3 + 3)));
        List<Failure> plan = new ArrayList<>();
        for (int i = 0; i < failures; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            int at = kind == Kind.SOURCE ? 1 + random.nextInt(credits) : 1 + random.nextInt(3);
            plan.add(new Failure(kind, i, at));
        }
        String table = CassandraTestSupport.createTable("torture", "id bigint PRIMARY KEY, version int, note text");
        String counts = CassandraTestSupport.createTable("torture_counts",
                "version int, bucket int, records counter, PRIMARY KEY (version, bucket)");
        // a pause makes requests time out and the job restart until the node is back
        int restarts = failures + 2 + (pauseMillis > 0 ? 20 : 0);
        long restartDelay = pauseMillis > 0 ? 300 : 100;
        ClusterBuilder cluster = pauseMillis > 0 ? new ShortTimeoutClusterBuilder() : CassandraTestSupport.clusterBuilder();
        RunState state = new RunState(plan, credits, savepoint || pauseMillis > 0);
        state.savepointPending = savepoint;
        RUNS.put(name, state);
        StringBuilder steps = new StringBuilder();
        try {
            StreamGraph first = graph(name, table, counts, parallelism, interval, n, restarts, restartDelay, cluster);
            JobClient job = executeAsync(first);
            awaitRunning(job);
            if (pauseMillis > 0) {
                Thread.sleep(stepDelayMillis);
                boolean running = job.getJobStatus().get(60, TimeUnit.SECONDS) == JobStatus.RUNNING;
                try (AutoCloseable paused = CassandraTestSupport.server().pause()) {
                    Thread.sleep(pauseMillis);
                }
                steps.append(String.format(", node paused %d ms%s", pauseMillis, running ? "" : " (job not running)"));
            }
            if (savepoint) {
                Thread.sleep(stepDelayMillis);
                String path = stopWithSavepoint(job, savepoints.resolve(name));
                state.savepointPending = false;
                if (path == null) {
                    steps.append(", savepoint not taken (job ended first)");
                } else {
                    state.held = false;
                    StreamGraph second = graph(name, table, counts, restoreParallelism, interval, n, restarts,
                            restartDelay, cluster);
                    second.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path, false));
                    job = executeAsync(second);
                    steps.append(String.format(", stop-with-savepoint and restore at p=%d", restoreParallelism));
                }
            }
            state.held = false;
            // a generous bound that makes a hang fail, not a speed claim
            job.getJobExecutionResult().get(10, TimeUnit.MINUTES);
        } finally {
            state.held = false;
            RUNS.remove(name);
            CassandraTestSupport.server().resume();
        }
        return verify(state, table, counts, n, String.format("p=%d, checkpoints %d ms, %d ids, %d records per checkpoint "
                + "while held, failures %s%s", parallelism, interval, n, credits, plan, steps));
    }

    /** Checks the rows, the counters and the planned failures of a finished run. */
    private static Outcome verify(RunState state, String table, String counts, int n, String what) {
        List<String> problems = new ArrayList<>();
        List<String> fired = state.firedSoFar();
        if (fired.size() < state.plan.size()) {
            problems.add(String.format("planned failures %s did not fire", state.plan.subList(fired.size(), state.plan.size())));
        }
        long rows = CassandraTestSupport.count(table);
        long wrong = CassandraTestSupport.rows("SELECT id, version, note FROM " + table).stream()
                .filter(r -> !Integer.valueOf(1).equals(r[1]) || !("id-" + r[0] + "-v1").equals(r[2]))
                .count();
        if (rows != n || wrong != 0) {
            problems.add(String.format("%d rows of %d, %d with a wrong value", rows, n, wrong));
        }
        long[][] counted = new long[2][BUCKETS];
        for (Object[] r : CassandraTestSupport.rows("SELECT version, bucket, records FROM " + counts)) {
            counted[(Integer) r[0]][(Integer) r[1]] = (Long) r[2];
        }
        long total = 0;
        List<String> short_ = new ArrayList<>();
        for (int version = 0; version < 2; version++) {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                long ids = n / BUCKETS + (bucket < n % BUCKETS ? 1 : 0);
                total += counted[version][bucket];
                if (counted[version][bucket] < ids) {
                    short_.add(String.format("v%d/bucket %d: %d of %d", version, bucket, counted[version][bucket], ids));
                }
            }
        }
        long handed = state.handedCounts.get();
        if (!short_.isEmpty()) {
            problems.add("records missing from the counter table: " + short_);
        }
        if (total > handed) {
            problems.add(String.format("the counter table counts %d records, more than the %d handed to its writes", total,
                    handed));
        }
        if (handed < 2L * n || state.handedRows.get() < 2L * n) {
            problems.add(String.format("records handed to the writes: %d rows, %d counts, fewer than the %d emitted",
                    state.handedRows.get(), handed, 2L * n));
        }
        long replayed = handed - 2L * n;
        String counter = replayed == 0
                ? String.format("counter %d = 2 x %d ids", total, n)
                : String.format("counter %d = 2 x %d ids + %d of %d records written again", total, n, total - 2L * n,
                        replayed);
        String text = String.format("%s; fired %d/%d %s; %s", what, fired.size(), state.plan.size(), fired, counter);
        if (problems.isEmpty()) {
            return new Outcome(true, state.plan.size(), fired.size(), replayed, "exact: " + text);
        }
        return new Outcome(false, state.plan.size(), fired.size(), replayed,
                "NOT exact: " + String.join("; ", problems) + ": " + text);
    }

    @SuppressWarnings("deprecation") // RestartStrategies: the seed's API
    private static StreamGraph graph(String name, String table, String counts, int parallelism, int interval, int n,
            int restarts, long restartDelay, ClusterBuilder cluster) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(interval);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(restarts, restartDelay));
        // fixed uids: the restored job (another parallelism) must map the savepoint's state
        DataStream<Tuple3<Long, Integer, String>> records = env
                .fromSource(new HeldSequence(name, n), WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .flatMap(new TwoVersions(name)).uid("two-versions")
                .returns(Types.TUPLE(Types.LONG, Types.INT, Types.STRING))
                .keyBy(r -> r.f0);
        TypeSerializer<Tuple3<Long, Integer, String>> serializer =
                records.getType().createSerializer(env.getConfig().getSerializerConfig());
        records.transform("faulty exactly-once sink", null, new FaultySink(name, table, null, serializer, cluster))
                .uid("faulty-sink");
        records.transform("faulty exactly-once counter sink", null, new FaultySink(name, null, counts, serializer, cluster))
                .uid("faulty-counter-sink");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("randomized exactly-once " + name);
        return graph;
    }

    private static JobClient executeAsync(StreamGraph graph) throws Exception {
        return StreamExecutionEnvironment.getExecutionEnvironment().executeAsync(graph);
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (job.getJobStatus().get(60, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            assertThat(System.nanoTime()).as("job %s running within 2 min", job.getJobID()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Stops the job with a savepoint, retrying while an injected failure restarts it; null when the
     * job ended before a savepoint could be taken.
     */
    private static String stopWithSavepoint(JobClient job, Path dir) throws Exception {
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            if (job.getJobStatus().get(60, TimeUnit.SECONDS).isGloballyTerminalState()) {
                return null;
            }
            try {
                return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                String taken = savepointTakenBeforeStopFailed(e);
                if (taken != null) {
                    // the savepoint completed, then a failure at its notification ended the job (Flink
                    // does not restart a stopping job): restore from it, as a user would
                    return taken;
                }
                last = e; // e.g. not all tasks running during a restart
                Thread.sleep(200);
            }
        }
        throw new AssertionError("stop-with-savepoint did not succeed", last);
    }

    /** The savepoint's path when {@code e} says the savepoint was taken but the job failed while stopping. */
    private static String savepointTakenBeforeStopFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Throwable original = t instanceof SerializedThrowable
                    ? ((SerializedThrowable) t).deserializeError(RandomizedExactlyOnceITCase.class.getClassLoader())
                    : t;
            if (original instanceof StopWithSavepointStoppingException) {
                return ((StopWithSavepointStoppingException) original).getSavepointPath();
            }
        }
        return null;
    }

    /** The ids 0..n-1, held back while the run holds (see {@link HeldReader}). */
    static final class HeldSequence extends NumberSequenceSource {
        private static final long serialVersionUID = 1L;
        private final String run;

        HeldSequence(String run, long n) {
            super(0, n - 1);
            this.run = run;
        }

        @Override
        public SourceReader<Long, NumberSequenceSplit> createReader(SourceReaderContext context) {
            return new HeldReader(super.createReader(context), run);
        }
    }

    /**
     * While its run holds, emits at most the run's credits of records per completed checkpoint and
     * does not end; without blocking the task, so checkpoints and savepoints go on.
     */
    static final class HeldReader extends ForwardingSourceReader<Long, NumberSequenceSource.NumberSequenceSplit> {
        private final RunState state;
        private int credits;
        private boolean waiting;

        HeldReader(SourceReader<Long, NumberSequenceSource.NumberSequenceSplit> delegate, String run) {
            super(delegate);
            this.state = RUNS.get(run);
            this.credits = state.credits;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
            waiting = false;
            if (!state.holding()) {
                return reader.pollNext(output);
            }
            if (credits <= 0) {
                waiting = true;
                return InputStatus.NOTHING_AVAILABLE;
            }
            // the sequence's reader emits at most one record per call
            credits--;
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                waiting = true;
                return InputStatus.NOTHING_AVAILABLE;
            }
            return status;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            if (waiting) {
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
            }
            return reader.isAvailable();
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            // no more than the credits per checkpoint: a failure's point comes within a few; only a
            // trickle while the run waits for a node pause to end
            credits = state.failurePending() || state.savepointPending ? state.credits : 1;
            reader.notifyCheckpointComplete(checkpointId);
        }

    }

    /** Emits version 0 then 1 of each id; fails in the source where the plan says. */
    static final class TwoVersions extends RichFlatMapFunction<Long, Tuple3<Long, Integer, String>> {
        private static final long serialVersionUID = 1L;
        private final String run;
        private long seen;

        TwoVersions(String run) {
            this.run = run;
        }

        @Override
        public void flatMap(Long id, Collector<Tuple3<Long, Integer, String>> out) throws Exception {
            if (++seen % 20 == 0) {
                Thread.sleep(1); // spread the input over several checkpoints
            }
            RunState state = RUNS.get(run);
            Failure f = state.armed(Kind.SOURCE, getRuntimeContext());
            if (f != null && seen >= f.at && state.fire(f, getRuntimeContext(), "in source subtask")) {
                throw new IllegalStateException("injected source failure " + f);
            }
            out.collect(Tuple3.of(id, 0, "id-" + id + "-v0"));
            out.collect(Tuple3.of(id, 1, "id-" + id + "-v1"));
        }
    }

    /**
     * An exactly-once sink failing where the plan says: of the rows (one per id) or of the counters
     * (each record counted in its version's {@code id % BUCKETS} cell).
     */
    static final class FaultySink extends CassandraTupleWriteAheadSink<Tuple3<Long, Integer, String>> {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final boolean counter;
        private final String label;
        private transient int notifications;
        private transient int sends;
        /** A failure injected in a write: Flink's base class only logs it, so the task dies after it. */
        private transient IllegalStateException injected;

        FaultySink(String run, String table, String counterTable,
                TypeSerializer<Tuple3<Long, Integer, String>> serializer, ClusterBuilder cluster) throws Exception {
            super(table != null
                            ? "INSERT INTO " + table + " (id, version, note) VALUES (?, ?, ?)"
                            : "UPDATE " + counterTable + " SET records = records + 1 WHERE version = ? AND bucket = ?",
                    serializer, cluster, new CassandraCommitter(cluster));
            this.run = run;
            this.counter = table == null;
            this.label = counter ? "counter sink subtask" : "row sink subtask";
        }

        @Override
        protected Object[] fields(Tuple3<Long, Integer, String> record) {
            return counter ? new Object[] {record.f1, (int) (record.f0 % BUCKETS)} : super.fields(record);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            RunState state = RUNS.get(run);
            Failure f = state.armed(Kind.NOTIFICATION, getRuntimeContext());
            if (f != null && ++notifications >= f.at && state.fire(f, getRuntimeContext(), "before the notification, " + label)) {
                throw new IllegalStateException("injected failure between checkpoint " + checkpointId + " and its notification");
            }
            super.notifyCheckpointComplete(checkpointId);
            if (injected != null) {
                throw injected;
            }
        }

        @Override
        protected boolean sendValues(Iterable<Tuple3<Long, Integer, String>> values, long checkpointId, long timestamp)
                throws Exception {
            RunState state = RUNS.get(run);
            AtomicLong handed = counter ? state.handedCounts : state.handedRows;
            sends++;
            Failure inWrite = state.armed(Kind.IN_WRITE, getRuntimeContext());
            if (inWrite != null && sends >= inWrite.at && state.fire(inWrite, getRuntimeContext(), "in the write, " + label)) {
                // half of the checkpoint's records reach Cassandra, then the task dies (copies:
                // the state's iterator reuses its records)
                List<Tuple3<Long, Integer, String>> half = new ArrayList<>();
                int i = 0;
                for (Tuple3<Long, Integer, String> v : values) {
                    if (i++ % 2 == 0) {
                        half.add(v.copy());
                    }
                }
                handed.addAndGet(half.size());
                super.sendValues(half, checkpointId, timestamp);
                injected = new IllegalStateException("injected failure inside the write of checkpoint " + checkpointId);
                throw injected;
            }
            boolean written = super.sendValues(counted(values, handed), checkpointId, timestamp);
            Failure afterWrite = state.armed(Kind.AFTER_WRITE, getRuntimeContext());
            if (written && afterWrite != null && sends >= afterWrite.at
                    && state.fire(afterWrite, getRuntimeContext(), "after the write, " + label)) {
                injected = new IllegalStateException("checkpoint " + checkpointId + " written, commit not reached");
                throw injected;
            }
            return written;
        }

        /** The values, counting each one the write takes. */
        private static <T> Iterable<T> counted(Iterable<T> values, AtomicLong handed) {
            return () -> new Iterator<T>() {
                private final Iterator<T> it = values.iterator();

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public T next() {
                    T next = it.next();
                    handed.incrementAndGet();
                    return next;
                }
            };
        }
    }

    /** The test node with a request timeout shorter than the runs' node pauses. */
    static final class ShortTimeoutClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host = CassandraTestSupport.server().host();
        private final int port = CassandraTestSupport.server().nativePort();

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port)
                    .withSocketOptions(new SocketOptions().setReadTimeoutMillis(PAUSE_RUN_REQUEST_TIMEOUT_MILLIS))
                    .build();
        }
    }
}
