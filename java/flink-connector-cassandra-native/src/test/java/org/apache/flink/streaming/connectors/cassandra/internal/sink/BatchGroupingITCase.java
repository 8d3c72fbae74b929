package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;
import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterMetrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch grouping against the real server: every row lands, a key written several times within
 * one buffer ends with its last value, and the rows went as UNLOGGED batches (counted by the
 * writer). The last value of each key is the smallest: rows of one key in one batch would share
 * its timestamp, and on a tie Cassandra keeps the greater value, so merging them would show.
 */
class BatchGroupingITCase {

    private static final int PARTITIONS = 100;
    private static final int KEYS_PER_PARTITION = 5;
    private static final int ROUNDS = 3;

    @ParameterizedTest
    @EnumSource(value = BatchGrouping.class, names = {"PARTITION", "REPLICA_SET"})
    void everyRowLandsAndTheLastWriteOfAKeyWins(BatchGrouping grouping) throws Exception {
        String table = CassandraTestSupport.createTable("grouped", "p int, c int, v int, PRIMARY KEY (p, c)");
        int written = PARTITIONS * KEYS_PER_PARTITION * ROUNDS;
        SinkOptions options = new SinkOptions()
                .batchGrouping(grouping)
                .batchGroupLimits(16, 4096)
                .batchRows(written); // one buffer: every round of a key is grouped together
        WriterMetrics metrics;
        try (RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (p, c, v) VALUES (?, ?, ?)", null, options, new Failing())) {
            // Round r writes ROUNDS - r: the last value of every key is 1.
            for (int round = 0; round < ROUNDS; round++) {
                for (int c = 0; c < KEYS_PER_PARTITION; c++) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        writer.add(new Object[] {p, c, ROUNDS - round});
                    }
                }
            }
            writer.flush();
            metrics = writer.metrics();
        }
        assertThat(metrics.rowsSent()).isEqualTo(written);
        assertThat(metrics.failures()).isZero();
        if (grouping == BatchGrouping.PARTITION) {
            // A partition's 5 keys fill a batch; the next round repeats its first key and starts
            // the next: one batch per partition and round.
            assertThat(metrics.unloggedBatches()).as("unlogged batches").isEqualTo((long) PARTITIONS * ROUNDS);
        } else {
            // One node, one replica set: batches of up to 16 rows, each round of a key in another.
            assertThat(metrics.unloggedBatches()).as("unlogged batches").isBetween((long) written / 16, (long) written / 2);
        }

        assertThat(CassandraTestSupport.count(table)).isEqualTo((long) PARTITIONS * KEYS_PER_PARTITION);
        List<Object[]> rows = CassandraTestSupport.rows("SELECT p, c, v FROM " + table);
        Map<Integer, Integer> keysByValue = new HashMap<>();
        for (Object[] row : rows) {
            keysByValue.merge((Integer) row[2], 1, Integer::sum);
        }
        assertThat(keysByValue).as("keys by their final value").containsOnlyKeys(1);
        assertThat(keysByValue.get(1)).isEqualTo(PARTITIONS * KEYS_PER_PARTITION);
    }

    /** Without grouping no batch is sent (the default). */
    @org.junit.jupiter.api.Test
    void noneSendsNoBatch() throws Exception {
        String table = CassandraTestSupport.createTable("ungrouped", "p int, c int, v int, PRIMARY KEY (p, c)");
        try (RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                "INSERT INTO " + table + " (p, c, v) VALUES (?, ?, ?)", null, new SinkOptions(), new Failing())) {
            for (int c = 0; c < 100; c++) {
                writer.add(new Object[] {c % 3, c, c});
            }
            writer.flush();
            assertThat(writer.metrics().rowsSent()).isEqualTo(100);
            assertThat(writer.metrics().unloggedBatches()).isZero();
        }
        assertThat(CassandraTestSupport.count(table)).isEqualTo(100);
    }

    private static final class Failing implements CassandraFailureHandler {
        private static final long serialVersionUID = 1L;

        @Override
        public void onFailure(Throwable failure) throws IOException {
            throw new IOException("unexpected write failure", failure);
        }
    }
}
