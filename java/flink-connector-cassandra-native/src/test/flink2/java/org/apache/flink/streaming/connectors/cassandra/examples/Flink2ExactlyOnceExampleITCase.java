package org.apache.flink.streaming.connectors.cassandra.examples;

import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs docs/flink2.md's exactly-once job on Flink 2 against the real server. */
class Flink2ExactlyOnceExampleITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    @Test
    void theFlink2ExactlyOnceJobWritesEveryEventOnceAndCommitsItsCheckpoints(@TempDir Path checkpoints) throws Exception {
        String table = CassandraTestSupport.createTable("critical_events", "event_id text PRIMARY KEY, timestamp bigint, data text");
        long events = 5_000;

        Flink2ExactlyOnceExample.run(CassandraTestSupport.clusterBuilder(), CassandraTestSupport.clusterBuilder(),
                table, events, 200, checkpoints.toUri().toString());

        assertThat(CassandraTestSupport.count(table)).isEqualTo(events);
        List<Object[]> row = CassandraTestSupport.rows("SELECT timestamp, data FROM " + table + " WHERE event_id = 'event-4321'");
        assertThat(row).hasSize(1);
        assertThat(row.get(0)).containsExactly(4321L, "data-4321");
        // The committer recorded a written checkpoint for each of the two sink subtasks.
        List<Object[]> commits = CassandraTestSupport.rows("SELECT keyspace_name, table_name FROM system_schema.tables "
                + "WHERE keyspace_name = 'flink_checkpoints'");
        assertThat(commits).isNotEmpty();
        String commitTable = "flink_checkpoints." + commits.get(0)[1];
        List<Object[]> committed = CassandraTestSupport.rows("SELECT sub_id, checkpoint_id FROM " + commitTable);
        assertThat(committed).hasSize(2);
        assertThat(committed).allSatisfy(r -> assertThat((Long) r[1]).isPositive());
    }
}
