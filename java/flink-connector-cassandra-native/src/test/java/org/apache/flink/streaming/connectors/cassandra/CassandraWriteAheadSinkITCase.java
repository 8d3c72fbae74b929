package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WriteAheadLogSupport;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-ahead-log sink and its committer against the real server, driven by Flink's operator
 * test harness: the scenarios of Flink's write-ahead sink test base, re-created here, and the
 * official connector's known failure modes.
 */
// "try": the harness's close() may throw InterruptedException; the tests let it propagate.
@SuppressWarnings("try")
class CassandraWriteAheadSinkITCase {
    private static final TypeSerializer<Tuple3<Integer, String, Integer>> SERIALIZER =
            TypeInformation.of(new TypeHint<Tuple3<Integer, String, Integer>>() {})
                    .createSerializer(new ExecutionConfig().getSerializerConfig());
    private static final OperatorID OPERATOR_ID = new OperatorID();
    private static final long T0 = 1_700_000_000_000L; // checkpoint timestamps (ms) used below

    private static String newTable() {
        return CassandraTestSupport.createTable("wal", "id int PRIMARY KEY, value text, seq int");
    }

    private static CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> newSink(String table) throws Exception {
        return new CassandraTupleWriteAheadSink<>(
                "INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)", SERIALIZER,
                CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
    }

    private static OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, Tuple3<Integer, String, Integer>> harness(
            CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> sink) throws Exception {
        return boundedRestarts(new OneInputStreamOperatorTestHarness<>(sink, SERIALIZER));
    }

    /**
     * The harness keeps state in memory, like the JobManager's checkpoint storage: with Flink's
     * default (unbounded) restarts the sink would refuse to start, so model a job that does not
     * restart (see WriteAheadCheckpointStorageITCase). Also marks the job as checkpointing in
     * its configuration, where Flink 2 looks (Flink 1.20's harness enables it in the task config).
     */
    static <H extends AbstractStreamOperatorTestHarness<?>> H boundedRestarts(H harness) {
        harness.getExecutionConfig().configure(CassandraTestSupport.noRestarts(), CassandraTestSupport.class.getClassLoader());
        harness.getEnvironment().getJobConfiguration().set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
        return harness;
    }

    private static OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, Tuple3<Integer, String, Integer>> harness(
            CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> sink, int parallelism, int subtask) throws Exception {
        return boundedRestarts(new OneInputStreamOperatorTestHarness<>(sink, 10, parallelism, subtask, SERIALIZER, OPERATOR_ID));
    }

    private static void process(OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, ?> h, int from, int to, String value)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(new StreamRecord<>(Tuple3.of(i, value, i)));
        }
    }

    /** A copy of a sink as the task manager gets it: same sink id and checkpoint table. */
    private static CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> restarted(
            CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> sink) throws Exception {
        return InstantiationUtil.clone(sink);
    }

    @Test
    void idealRunWritesEachCheckpointOnItsNotification() throws Exception {
        String table = newTable();
        try (var h = harness(newSink(table))) {
            h.open();
            for (int cp = 1; cp <= 3; cp++) {
                process(h, (cp - 1) * 20, cp * 20, "v");
                h.snapshot(cp, T0 + cp);
                assertThat(CassandraTestSupport.count(table)).as("nothing before the notification").isEqualTo((cp - 1) * 20L);
                h.notifyOfCompletedCheckpoint(cp);
                assertThat(CassandraTestSupport.count(table)).isEqualTo(cp * 20L);
            }
        }
    }

    @Test
    void missedNotificationsAreCaughtUpByTheNextOne() throws Exception {
        String table = newTable();
        try (var h = harness(newSink(table))) {
            h.open();
            process(h, 0, 20, "v");
            h.snapshot(1, T0 + 1);
            process(h, 20, 40, "v");
            h.snapshot(2, T0 + 2);
            h.notifyOfCompletedCheckpoint(2);
            assertThat(CassandraTestSupport.count(table)).isEqualTo(40);
            process(h, 40, 60, "v");
            h.snapshot(3, T0 + 3);
            h.notifyOfCompletedCheckpoint(3);
            assertThat(CassandraTestSupport.count(table)).isEqualTo(60);
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger ENCODED = new java.util.concurrent.atomic.AtomicInteger();

    /** Counts how often the sink takes a record's bind values: once per encoding of the record. */
    static final class CountingSink extends CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> {
        private static final long serialVersionUID = 1L;

        CountingSink(String table) throws Exception {
            super("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)", SERIALIZER,
                    CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
        }

        @Override
        protected Object[] fields(Tuple3<Integer, String, Integer> tuple) {
            ENCODED.incrementAndGet();
            return super.fields(tuple);
        }
    }

    /**
     * A record is encoded once, when it arrives (which also rejects bad input at once); those
     * bytes are written when its checkpoint completes. After a restore, when no bytes were kept,
     * the records of the restored state are encoded once, when they are written.
     */
    @Test
    void eachRecordIsEncodedOnce() throws Exception {
        String table = newTable();
        ENCODED.set(0);
        var sink = new CountingSink(table);
        var original = restarted(sink);
        OperatorSubtaskState pending;
        try (var h = harness(sink)) {
            h.open();
            process(h, 0, 10, "v");
            h.snapshot(1, T0 + 1);
            h.notifyOfCompletedCheckpoint(1);
            process(h, 10, 15, "w");
            pending = h.snapshot(2, T0 + 2);
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(10);
        assertThat(ENCODED.get()).as("15 records arrived, 10 were written").isEqualTo(15);

        try (var h = harness(original)) {
            h.initializeState(pending);
            h.open();
            h.snapshot(3, T0 + 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(15);
        assertThat(ENCODED.get()).as("the 5 restored records, encoded when written").isEqualTo(20);
    }

    @Test
    void restoreDiscardsCheckpointsThatWereAlreadyCommitted() throws Exception {
        String table = newTable();
        var sink = newSink(table);
        var original = restarted(sink);
        OperatorSubtaskState state;
        try (var h = harness(sink)) {
            h.open();
            process(h, 0, 20, "v");
            state = h.snapshot(1, T0 + 1);
            h.notifyOfCompletedCheckpoint(1);
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(20);
        CassandraTestSupport.cql("TRUNCATE " + table);

        try (var h = harness(original)) {
            h.initializeState(state);
            h.open();
            h.snapshot(2, T0 + 2);
            h.notifyOfCompletedCheckpoint(2);
        }
        assertThat(CassandraTestSupport.count(table)).as("checkpoint 1 was committed: not written again").isZero();
    }

    @Test
    void scaleDownAndUpWriteEveryPendingCheckpointOnce() throws Exception {
        String table = newTable();
        var sink = newSink(table);
        OperatorSubtaskState s0;
        OperatorSubtaskState s1;
        try (var h0 = harness(restarted(sink), 2, 0); var h1 = harness(restarted(sink), 2, 1)) {
            h0.open();
            h1.open();
            process(h0, 0, 25, "a");
            process(h1, 25, 50, "b");
            s0 = h0.snapshot(1, T0 + 1);
            s1 = h1.snapshot(1, T0 + 1);
        }
        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(s0, s1), 10, 2, 1, 0);
        OperatorSubtaskState single;
        try (var h = harness(restarted(sink), 1, 0)) {
            h.initializeState(merged);
            h.open();
            process(h, 50, 75, "c");
            single = h.snapshot(2, T0 + 2);
        }
        assertThat(CassandraTestSupport.count(table)).as("nothing notified yet").isZero();

        List<OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, Tuple3<Integer, String, Integer>>> up = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var h = harness(restarted(sink), 2, i);
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(single, 10, 1, 2, i));
            h.open();
            up.add(h);
        }
        for (var h : up) {
            h.snapshot(3, T0 + 3);
            h.notifyOfCompletedCheckpoint(3);
            h.close();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(75);
    }

    /**
     * Rescaling with a failed write: phase 1 runs {@code from} subtasks, each keeping checkpoints
     * 1 and 2 pending (rows valued {@code cp<N>-s<i>}); phase 2 restores them into {@code to}
     * subtasks whose first attempt at (checkpoint 1, original subtask {@code failingOriginal})
     * fails while every other write succeeds, writes a checkpoint 3 and snapshots 4; phase 3 is a
     * failure and a restore from checkpoint 4. Every row must be in Cassandra at the end.
     */
    private static void rescaleWithOneFailedWrite(int from, int to, int failingOriginal) throws Exception {
        String table = newTable();
        var sink = new FailsFirstAttemptOfRowsValued(table, "cp1-s" + failingOriginal);
        int rows = 0;
        List<OperatorSubtaskState> phase1 = new ArrayList<>();
        List<OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, Tuple3<Integer, String, Integer>>> hs = new ArrayList<>();
        for (int i = 0; i < from; i++) {
            var h = harness(restarted(sink), from, i);
            h.open();
            hs.add(h);
        }
        for (int cp = 1; cp <= 2; cp++) {
            for (int i = 0; i < from; i++) {
                process(hs.get(i), rows, rows + 10, "cp" + cp + "-s" + i);
                rows += 10;
            }
            for (int i = 0; i < from; i++) {
                OperatorSubtaskState state = hs.get(i).snapshot(cp, T0 + cp * 1000L);
                if (cp == 2) {
                    phase1.add(state);
                }
            }
        }
        for (var h : hs) {
            h.close();
        }
        assertThat(CassandraTestSupport.count(table)).as("nothing notified in phase 1").isZero();

        OperatorSubtaskState packed = AbstractStreamOperatorTestHarness.repackageState(phase1.toArray(new OperatorSubtaskState[0]));
        hs.clear();
        for (int i = 0; i < to; i++) {
            var h = harness(restarted(sink), to, i);
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(packed, 10, from, to, i));
            h.open();
            hs.add(h);
        }
        for (int i = 0; i < to; i++) {
            process(hs.get(i), rows, rows + 10, "cp3-s" + i);
            rows += 10;
            hs.get(i).snapshot(3, T0 + 3000);
        }
        for (var h : hs) {
            h.notifyOfCompletedCheckpoint(3);
        }
        assertThat(FailsFirstAttemptOfRowsValued.FAILED.get(table)).as("the injected failure fired").isEqualTo(1);
        List<OperatorSubtaskState> phase2 = new ArrayList<>();
        for (var h : hs) {
            phase2.add(h.snapshot(4, T0 + 4000));
        }
        for (var h : hs) {
            h.close(); // a failure: checkpoint 4 completed, its notification never arrived
        }

        for (int i = 0; i < to; i++) {
            try (var h = harness(restarted(sink), to, i)) {
                h.initializeState(phase2.get(i));
                h.open();
                h.snapshot(5, T0 + 5000);
                h.notifyOfCompletedCheckpoint(5);
            }
        }
        assertThat(CassandraTestSupport.count(table)).as("every row of every checkpoint").isEqualTo(rows);
    }

    @Test
    void scaleDownTwoToOneWithTheFirstSubtasksCheckpointFailingKeepsEveryRow() throws Exception {
        rescaleWithOneFailedWrite(2, 1, 0);
    }

    @Test
    void scaleUpOneToTwoWithAFailedCheckpointKeepsEveryRow() throws Exception {
        rescaleWithOneFailedWrite(1, 2, 0);
    }

    @Test
    void scaleUpTwoToThreeWithAFailedCheckpointKeepsEveryRow() throws Exception {
        rescaleWithOneFailedWrite(2, 3, 1);
    }

    /**
     * At the end of the input the final checkpoint's notification is the last one: a checkpoint
     * it cannot write (a transient failure, retried "at the next notification") must fail the
     * task, so that a restart from that checkpoint writes it, instead of ending with the task.
     */
    @Test
    void aCheckpointTheLastNotificationCannotWriteFailsTheTaskAndARestartWritesIt() throws Exception {
        String table = newTable();
        FailsFirstAttemptOfRowsValued sink = new FailsFirstAttemptOfRowsValued(table, "last");
        OperatorSubtaskState finalCheckpoint;
        try (var h = harness(sink)) {
            h.open();
            process(h, 0, 20, "first");
            h.snapshot(1, T0 + 1);
            h.notifyOfCompletedCheckpoint(1);
            process(h, 20, 40, "last");
            sink.finish(); // end of input: the task now waits for the final checkpoint, then ends
            finalCheckpoint = h.snapshot(2, T0 + 2);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.notifyOfCompletedCheckpoint(2))
                    .as("the last notification, its checkpoint not written")
                    .hasMessageContaining("checkpoint 2");
        }
        assertThat(CassandraTestSupport.count(table)).as("rows before the restart").isEqualTo(20);
        try (var h = harness(restarted(sink))) {
            h.initializeState(finalCheckpoint);
            h.open();
            h.snapshot(3, T0 + 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        assertThat(CassandraTestSupport.count(table)).as("rows after the restart").isEqualTo(40);
    }

    /** Fails the first attempt at writing a checkpoint whose rows carry {@code value}, once per table. */
    static final class FailsFirstAttemptOfRowsValued extends CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> {
        private static final long serialVersionUID = 1L;
        static final java.util.Map<String, Integer> FAILED = new java.util.concurrent.ConcurrentHashMap<>();
        private final String table;
        private final String value;

        FailsFirstAttemptOfRowsValued(String table, String value) throws Exception {
            super("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)", SERIALIZER,
                    CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
            this.table = table;
            this.value = value;
        }

        @Override
        protected boolean sendValues(Iterable<Tuple3<Integer, String, Integer>> values, long checkpointId, long timestamp)
                throws Exception {
            // The iterable is one pass over the state stream, its records reused: copy the head.
            java.util.Iterator<Tuple3<Integer, String, Integer>> rest = values.iterator();
            if (!rest.hasNext()) {
                return super.sendValues(values, checkpointId, timestamp);
            }
            Tuple3<Integer, String, Integer> head = rest.next().copy();
            boolean fail = head.f1.equals(value) && FAILED.putIfAbsent(table, 1) == null;
            Iterable<Tuple3<Integer, String, Integer>> all = () -> new java.util.Iterator<>() {
                private int served;

                @Override
                public boolean hasNext() {
                    return served == 0 || rest.hasNext();
                }

                @Override
                public Tuple3<Integer, String, Integer> next() {
                    if (++served == 5 && fail) {
                        throw new CassandraTimeoutException(CassandraConnectorException.Code.WRITE_TIMEOUT, "injected write timeout");
                    }
                    return served == 1 ? head : rest.next();
                }
            };
            return super.sendValues(all, checkpointId, timestamp);
        }
    }

    /**
     * Failure mode 1: checkpoint N fails while N+1 would succeed. N must be written later, and
     * never judged committed because N+1 was (the official sink committed N+1, then dropped N).
     */
    @Test
    void aFailedCheckpointIsWrittenLaterAndNeverSkipped() throws Exception {
        String table = newTable();
        var sink = new FailsFirstAttemptOfCheckpointOne(table);
        try (var h = harness(sink)) {
            h.open();
            process(h, 0, 20, "n");
            h.snapshot(1, T0 + 1);
            process(h, 20, 40, "n+1");
            h.snapshot(2, T0 + 2);

            h.notifyOfCompletedCheckpoint(2); // checkpoint 1 fails here; 2 must wait for it
            assertThat(sink.failures).isEqualTo(1);
            // The failed attempt's rows never left the buffer, and checkpoint 2 waits for checkpoint 1.
            assertThat(CassandraTestSupport.count(table)).as("checkpoint 2 not written before 1").isZero();

            process(h, 40, 60, "n+2");
            h.snapshot(3, T0 + 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        assertThat(CassandraTestSupport.count(table)).as("checkpoints 1, 2 and 3 all written").isEqualTo(60);
        assertThat(CassandraTestSupport.rows("SELECT value FROM " + table + " WHERE id = 5").get(0)).containsExactly("n");
    }

    /** Its first attempt at checkpoint 1 fails midway, as a write timeout reported by the writer would. */
    static final class FailsFirstAttemptOfCheckpointOne extends CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> {
        private static final long serialVersionUID = 1L;
        int failures;

        FailsFirstAttemptOfCheckpointOne(String table) throws Exception {
            super("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)", SERIALIZER,
                    CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
        }

        @Override
        protected boolean sendValues(Iterable<Tuple3<Integer, String, Integer>> values, long checkpointId, long timestamp)
                throws Exception {
            if (checkpointId != 1 || failures > 0) {
                return super.sendValues(values, checkpointId, timestamp);
            }
            failures++;
            Iterable<Tuple3<Integer, String, Integer>> failing = () -> new java.util.Iterator<>() {
                private final java.util.Iterator<Tuple3<Integer, String, Integer>> inner = values.iterator();
                private int served;

                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public Tuple3<Integer, String, Integer> next() {
                    if (++served == 10) {
                        throw new CassandraTimeoutException(CassandraConnectorException.Code.WRITE_TIMEOUT, "injected write timeout");
                    }
                    return inner.next();
                }
            };
            return super.sendValues(failing, checkpointId, timestamp);
        }
    }

    /** Failure mode 2: write times are microseconds: checkpoint timestamp (µs) plus position. */
    @Test
    void writeTimesAreMicrosecondsFromTheCheckpoint() throws Exception {
        String table = newTable();
        try (var h = harness(newSink(table))) {
            h.open();
            process(h, 0, 10, "v");
            h.snapshot(1, T0);
            h.notifyOfCompletedCheckpoint(1);
        }
        for (Object[] row : CassandraTestSupport.rows("SELECT id, WRITETIME(value) FROM " + table)) {
            assertThat(row[1]).isEqualTo(T0 * 1000 + (Integer) row[0]);
        }
    }

    /**
     * Checkpoint 2 comes 1 ms after checkpoint 1 (a savepoint right after a checkpoint) with more
     * rows than µs between them, checkpoint 3's clock stepped back 10 ms: each must still win over
     * the checkpoints before it, here and after a restore into a rescaled job.
     */
    @Test
    void aCheckpointRightAfterAnotherOrAfterAClockStepBackWinsOverThem() throws Exception {
        String table = newTable();
        int n = 3000;
        var sink = newSink(table);
        OperatorSubtaskState state;
        try (var h = harness(restarted(sink), 1, 0)) {
            h.open();
            process(h, 0, n, "cp1");
            h.snapshot(1, T0);
            for (int i = n - 1; i >= 0; i--) {
                h.processElement(new StreamRecord<>(Tuple3.of(i, "cp2", 2)));
            }
            h.snapshot(2, T0 + 1);
            for (int i = n / 2 - 1; i >= 0; i--) {
                h.processElement(new StreamRecord<>(Tuple3.of(i, "cp3", 3)));
            }
            h.snapshot(3, T0 - 10);
            h.notifyOfCompletedCheckpoint(3);
            state = h.snapshot(4, T0 + 2);
        }
        // A restore into two subtasks whose first checkpoint's clock is still behind.
        for (int i = 0; i < 2; i++) {
            try (var h = harness(restarted(sink), 2, i)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(state, 10, 1, 2, i));
                h.open();
                if (i == 0) {
                    h.processElement(new StreamRecord<>(Tuple3.of(0, "cp5", 5)));
                }
                h.snapshot(5, T0 - 20);
                h.notifyOfCompletedCheckpoint(5);
            }
        }
        java.util.Map<String, Long> values = new java.util.TreeMap<>();
        for (Object[] row : CassandraTestSupport.rows("SELECT id, value FROM " + table)) {
            String expected = (Integer) row[0] == 0 ? "cp5" : (Integer) row[0] < n / 2 ? "cp3" : "cp2";
            values.merge(row[1].equals(expected) ? "latest" : "older (" + row[1] + " instead of " + expected + ")", 1L, Long::sum);
        }
        assertThat(values).containsExactly(java.util.Map.entry("latest", (long) n));
    }

    /** Failure modes 3 and 4: the later record of a key wins, also on a replay in a new job. */
    @Test
    void laterRecordOfAKeyWinsAndReplaysIntoANewJobAreHarmless() throws Exception {
        String table = newTable();
        OperatorSubtaskState beforeFirstNotification;
        try (var h = harness(newSink(table))) {
            h.open();
            h.processElement(new StreamRecord<>(Tuple3.of(1, "zzz-first", 1)));
            h.processElement(new StreamRecord<>(Tuple3.of(1, "aaa-second", 2)));
            h.processElement(new StreamRecord<>(Tuple3.of(2, "old", 1)));
            beforeFirstNotification = h.snapshot(1, T0 + 1);
            h.notifyOfCompletedCheckpoint(1);
            h.processElement(new StreamRecord<>(Tuple3.of(2, "new", 2)));
            h.snapshot(2, T0 + 2);
            h.notifyOfCompletedCheckpoint(2);
        }
        assertThat(value(table, 1)).isEqualTo("aaa-second");
        assertThat(value(table, 2)).isEqualTo("new");

        // A restore from that state into a NEW job: new sink id, new checkpoint table, so the
        // committed state is not found and checkpoint 1 is replayed.
        try (var h = harness(newSink(table))) {
            h.initializeState(beforeFirstNotification);
            h.open();
            h.snapshot(3, T0 + 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        assertThat(value(table, 1)).as("replay keeps the later record").isEqualTo("aaa-second");
        assertThat(value(table, 2)).as("replay of an older checkpoint does not undo a newer one").isEqualTo("new");
        assertThat(CassandraTestSupport.count(table)).isEqualTo(2);
    }

    /** A write that cannot succeed (its table was dropped) fails the job at once, naming the checkpoint. */
    @Test
    void aPermanentFailureFailsTheJobInsteadOfBlockingLaterCheckpoints() throws Exception {
        String table = newTable();
        try (var h = harness(newSink(table))) {
            h.open();
            process(h, 0, 10, "v");
            h.snapshot(1, T0 + 1);
            CassandraTestSupport.cql("DROP TABLE " + table);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.notifyOfCompletedCheckpoint(1))
                    .hasMessageContaining("checkpoint 1 of subtask 0")
                    .hasMessageContaining("failed permanently");
        }
    }

    /** A write that keeps timing out is retried at the next notifications, then fails the job. */
    @Test
    void transientFailuresAreRetriedAFewTimesThenFailTheJob() throws Exception {
        String table = newTable();
        var sink = new AlwaysTimesOut(table);
        try (var h = harness(sink)) {
            h.open();
            process(h, 0, 10, "v");
            h.snapshot(1, T0 + 1);
            for (int attempt = 1; attempt < WriteAheadLogSupport.MAX_ATTEMPTS; attempt++) {
                h.notifyOfCompletedCheckpoint(attempt);
                assertThat(sink.failedAttempts()).isEqualTo(attempt);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> h.notifyOfCompletedCheckpoint(WriteAheadLogSupport.MAX_ATTEMPTS))
                    .hasMessageContaining("failed " + WriteAheadLogSupport.MAX_ATTEMPTS + " times");
        }
        assertThat(CassandraTestSupport.count(table)).isZero();
    }

    /** Every write of it times out, as a writer reporting timeouts would. */
    static final class AlwaysTimesOut extends CassandraTupleWriteAheadSink<Tuple3<Integer, String, Integer>> {
        private static final long serialVersionUID = 1L;

        AlwaysTimesOut(String table) throws Exception {
            super("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)", SERIALIZER,
                    CassandraTestSupport.clusterBuilder(), new CassandraCommitter(CassandraTestSupport.clusterBuilder()));
        }

        @Override
        protected boolean sendValues(Iterable<Tuple3<Integer, String, Integer>> values, long checkpointId, long timestamp)
                throws Exception {
            Iterable<Tuple3<Integer, String, Integer>> failing = () -> new java.util.Iterator<>() {
                private final java.util.Iterator<Tuple3<Integer, String, Integer>> inner = values.iterator();
                private int served;

                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public Tuple3<Integer, String, Integer> next() {
                    if (++served == 5) {
                        throw new CassandraTimeoutException(CassandraConnectorException.Code.WRITE_TIMEOUT, "injected write timeout");
                    }
                    return inner.next();
                }
            };
            return super.sendValues(failing, checkpointId, timestamp);
        }
    }

    private static CassandraSink.CassandraSinkBuilder<Tuple3<Integer, String, Integer>> walBuilder() {
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        var stream = env.fromData(Tuple3.of(0, "x", 0)).returns(TypeInformation.of(new TypeHint<Tuple3<Integer, String, Integer>>() {}));
        return CassandraSink.addSink(stream).setClusterBuilder(CassandraTestSupport.clusterBuilder()).enableWriteAheadLog();
    }

    @SuppressWarnings("unchecked")
    private static OneInputStreamOperatorTestHarness<Tuple3<Integer, String, Integer>, Tuple3<Integer, String, Integer>> harnessOf(
            CassandraSink<Tuple3<Integer, String, Integer>> built) throws Exception {
        return boundedRestarts(new OneInputStreamOperatorTestHarness<>(
                (CassandraWriteAheadSinkBase<Tuple3<Integer, String, Integer>>) built.writeAheadOperator(), SERIALIZER));
    }

    /** The statement is prepared as written: a default keyspace would be ignored, so build() says so. */
    @Test
    void builderRejectsADefaultKeyspaceForTheWriteAheadSink() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> walBuilder()
                        .setQuery("INSERT INTO t (id, value, seq) VALUES (?, ?, ?)")
                        .setDefaultKeyspace(CassandraTestSupport.KEYSPACE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setDefaultKeyspace")
                .hasMessageContaining("write-ahead");
    }

    /** Every builder setting reaches the write-ahead operator as it runs (after the job graph's serialization). */
    @Test
    void builderSettingsReachTheWriteAheadSink() throws Exception {
        var built = walBuilder().setQuery("INSERT INTO " + CassandraTestSupport.KEYSPACE + ".t (id, value, seq) VALUES (?, ?, ?)")
                .setMaxRetries(7).setMaxConcurrentRequests(5).enableIgnoreNullFields().setServerSideTimestamps()
                .setFlushTimeout(java.time.Duration.ofSeconds(9)).setFailureHandler(failure -> HANDLED.incrementAndGet())
                .build();
        CassandraWriteAheadSinkBase<?> operator = org.apache.flink.util.InstantiationUtil.clone(
                built.writeAheadOperator(), getClass().getClassLoader());
        var plan = operator.plan();
        assertThat(plan.options().maxRetries()).isEqualTo(7);
        assertThat(plan.options().maxConcurrentRequests()).isEqualTo(5);
        assertThat(plan.options().serverSideTimestamps()).isTrue();
        assertThat(plan.options().flushTimeout()).isEqualTo(java.time.Duration.ofSeconds(9));
        assertThat(plan.ignoreNullFields()).isTrue();
        assertThat(plan.failureHandler()).isNotInstanceOf(NoOpCassandraFailureHandler.class);
    }

    @Test
    void ignoredNullFieldsLeaveColumnsAsTheyAreInTheWriteAheadSink() throws Exception {
        String table = newTable();
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, value, seq) VALUES (1, 'keep', 0)");
        var built = walBuilder().setQuery("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)")
                .enableIgnoreNullFields().build();
        try (var h = harnessOf(built)) {
            h.open();
            h.processElement(new StreamRecord<>(Tuple3.of(1, null, 7)));
            h.snapshot(1, System.currentTimeMillis() + 60_000); // after the row inserted above
            h.notifyOfCompletedCheckpoint(1);
        }
        assertThat(CassandraTestSupport.rows("SELECT value, seq FROM " + table + " WHERE id = 1"))
                .singleElement().satisfies(row -> assertThat(row).containsExactly("keep", 7));
    }

    static final java.util.concurrent.atomic.AtomicInteger HANDLED = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void builderFailureHandlerDecidesForTheWriteAheadSink() throws Exception {
        String table = newTable();
        HANDLED.set(0);
        var built = walBuilder().setQuery("INSERT INTO " + table + " (id, value, seq) VALUES (?, ?, ?)")
                .setFailureHandler(failure -> HANDLED.incrementAndGet()) // tolerates every failure
                .build();
        try (var h = harnessOf(built)) {
            h.open();
            process(h, 0, 10, "v");
            h.snapshot(1, T0 + 1);
            CassandraTestSupport.cql("DROP TABLE " + table);
            h.notifyOfCompletedCheckpoint(1);
        }
        assertThat(HANDLED.get()).as("the handler saw the failed writes").isPositive();
    }

    @Test
    void committerUsesItsCacheAndTheSeedsTableLayout() throws Exception {
        CassandraCommitter committer = new CassandraCommitter(CassandraTestSupport.clusterBuilder());
        committer.setJobId("cache_" + System.nanoTime());
        committer.setOperatorId("sink-a");
        committer.createResource();
        committer.open();
        try {
            assertThat(committer.isCheckpointCommitted(0, 1)).isFalse();
            committer.commitCheckpoint(0, 5);
            assertThat(committer.isCheckpointCommitted(0, 5)).isTrue();
            assertThat(committer.isCheckpointCommitted(0, 6)).isFalse();
            assertThat(CassandraTestSupport.rows("SELECT sink_id, sub_id, checkpoint_id FROM flink_auxiliary." + committer.getTable()))
                    .singleElement().satisfies(row -> assertThat(row).containsExactly("sink-a", 0, 5L));
        } finally {
            committer.close();
        }
    }

    private static String value(String table, int id) {
        return (String) CassandraTestSupport.rows("SELECT value FROM " + table + " WHERE id = " + id).get(0)[0];
    }
}
