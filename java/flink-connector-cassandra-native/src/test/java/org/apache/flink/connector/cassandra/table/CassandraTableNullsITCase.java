package org.apache.flink.connector.cassandra.table;

import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.await;
import static org.apache.flink.connector.cassandra.table.CassandraTableITCase.with;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sink.ignore-null-fields} through SQL: the write plan's encoder leaves null columns untouched. */
class CassandraTableNullsITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    @Test
    void ignoredNullsLeaveColumnsUntouchedOtherwiseTheyAreWrittenAsNull() throws Exception {
        String table = CassandraTestSupport.createTable("sql_nulls", "id int PRIMARY KEY, v text, w int");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, v, w) VALUES (1, 'kept', 7)");
        CassandraTestSupport.cql("INSERT INTO " + table + " (id, v, w) VALUES (2, 'gone', 8)");
        StreamTableEnvironment t = CassandraTableITCase.tEnv();
        t.executeSql("CREATE TABLE ignoring (id INT, v STRING, w INT, PRIMARY KEY (id) NOT ENFORCED)"
                + with(table, "'sink.ignore-null-fields' = 'true'"));
        t.executeSql("CREATE TABLE writing (id INT, v STRING, w INT, PRIMARY KEY (id) NOT ENFORCED)" + with(table));
        await(t.executeSql("INSERT INTO ignoring VALUES (1, CAST(NULL AS STRING), 70)" + CassandraTestSupport.onConflict()));
        await(t.executeSql("INSERT INTO writing VALUES (2, CAST(NULL AS STRING), 80)" + CassandraTestSupport.onConflict()));

        assertThat(CassandraTestSupport.rows("SELECT v, w FROM " + table + " WHERE id = 1").get(0)).containsExactly("kept", 70);
        assertThat(CassandraTestSupport.rows("SELECT v, w FROM " + table + " WHERE id = 2").get(0)).containsExactly(null, 80);
    }
}
