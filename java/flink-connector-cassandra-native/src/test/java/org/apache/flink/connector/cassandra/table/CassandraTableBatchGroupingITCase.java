package org.apache.flink.connector.cassandra.table;

import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.await;
import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sink.batch.grouping} through SQL against the real server. Proof that rows went as UNLOGGED
 * batches, read back from the server: a batch is written at one timestamp (its first row's),
 * while rows sent one by one each get their own client timestamp. So the distinct WRITETIMEs
 * count the requests. All rows are in one buffer (a flush interval longer than the job, one
 * sink subtask): the counts are exact.
 */
class CassandraTableBatchGroupingITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final int BUCKETS = 10;
    private static final int ROWS_PER_BUCKET = 16;
    private static final int ROWS = BUCKETS * ROWS_PER_BUCKET;

    @Test
    void withoutGroupingEveryRowIsItsOwnRequest() throws Exception {
        Map<Long, List<String>> byWritetime = write("sink_ungrouped");
        assertThat(byWritetime).hasSize(ROWS);
    }

    /** 16 rows per partition in batches of at most 8: two batches per partition, 8 rows each. */
    @Test
    void partitionGroupingSendsEachPartitionsRowsAsBatchesWithinTheRowLimit() throws Exception {
        Map<Long, List<String>> byWritetime = write("sink_partition",
                "'sink.batch.grouping' = 'partition'", "'sink.batch.grouping.max-rows' = '8'");
        assertThat(byWritetime).hasSize(2 * BUCKETS);
        assertThat(byWritetime.values()).allSatisfy(batch -> {
            assertThat(batch).hasSize(8);
            assertThat(batch.stream().map(key -> key.split("/")[0]).distinct()).as("buckets of one batch").hasSize(1);
        });
    }

    /** One node, one replica set: batches of the default 64 rows across partitions (64, 64, 32). */
    @Test
    void replicaSetGroupingCrossesPartitionsUpToTheDefaultRowLimit() throws Exception {
        Map<Long, List<String>> byWritetime = write("sink_replica_set", "'sink.batch.grouping' = 'Replica-Set'");
        List<Integer> sizes = new ArrayList<>();
        byWritetime.values().forEach(batch -> sizes.add(batch.size()));
        assertThat(sizes).containsExactly(64, 64, 32);
    }

    /**
     * Writes BUCKETS x ROWS_PER_BUCKET rows, partitions interleaved (row i of every bucket, then
     * row i + 1), checks that every row landed with its value, and returns the rows' keys
     * ("bucket/id") by write time, in write-time order.
     */
    private static Map<Long, List<String>> write(String prefix, String... options) throws Exception {
        String table = CassandraTestSupport.createTable(prefix, "bucket int, id int, v text, PRIMARY KEY (bucket, id)");
        StreamTableEnvironment t = CassandraTableITCase.tEnv();
        String[] all = new String[options.length + 2];
        all[0] = "'sink.batch.flush-interval' = '10 min'";
        all[1] = "'sink.parallelism' = '1'";
        System.arraycopy(options, 0, all, 2, options.length);
        t.executeSql("CREATE TABLE grouped (bucket INT, id INT, v STRING, PRIMARY KEY (bucket, id) NOT ENFORCED)"
                + with(table, all));
        StringBuilder values = new StringBuilder();
        for (int id = 0; id < ROWS_PER_BUCKET; id++) {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                values.append(values.length() == 0 ? "" : ", ")
                        .append('(').append(bucket).append(", ").append(id).append(", 'v").append(bucket * 100 + id).append("')");
            }
        }
        await(t.executeSql("INSERT INTO grouped VALUES " + values + CassandraTestSupport.onConflict()));

        List<Object[]> rows = CassandraTestSupport.rows("SELECT bucket, id, v, WRITETIME(v) FROM " + table);
        assertThat(rows).hasSize(ROWS);
        Map<Long, List<String>> byWritetime = new TreeMap<>();
        for (Object[] row : rows) {
            int bucket = (Integer) row[0];
            int id = (Integer) row[1];
            assertThat(bucket).isBetween(0, BUCKETS - 1);
            assertThat(id).isBetween(0, ROWS_PER_BUCKET - 1);
            assertThat(row[2]).as("v of %s/%s", bucket, id).isEqualTo("v" + (bucket * 100 + id));
            byWritetime.computeIfAbsent((Long) row[3], k -> new ArrayList<>()).add(bucket + "/" + id);
        }
        return byWritetime;
    }
}
