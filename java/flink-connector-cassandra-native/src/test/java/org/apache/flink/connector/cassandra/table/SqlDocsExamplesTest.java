package org.apache.flink.connector.cassandra.table;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs docs/sql.md: every {@code cql} block against the test server, then every {@code sql} block
 * statement by statement through one TableEnvironment, and checks what the examples promise. A
 * block tagged {@code flink1} or {@code flink2} (```sql flink2) runs on that Flink line only.
 */
class SqlDocsExamplesTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = CassandraTestSupport.miniCluster();

    private static final Pattern BLOCK = Pattern.compile("```(cql|sql)(?: (flink1|flink2))?\\n(.*?)```", Pattern.DOTALL);

    /** {@code flink1} or {@code flink2}: the Flink line on the test classpath. */
    static String flinkLine() {
        return CassandraTestSupport.flinkVersion()[0] == 1 ? "flink1" : "flink2";
    }

    static Path docs() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/sql.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/sql.md not found above " + Paths.get("").toAbsolutePath());
    }

    static List<String> statements(String block) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.trim().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.trim().endsWith(";")) {
                String s = current.toString().trim();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("try") // Flink's CloseableIterator.close() declares Exception
    void everyExampleOfSqlMdRuns() throws Exception {
        String text = new String(Files.readAllBytes(docs()), StandardCharsets.UTF_8)
                .replace("127.0.0.1:9042", CassandraTestSupport.server().host() + ":" + CassandraTestSupport.server().nativePort());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        Map<String, List<String>> results = new LinkedHashMap<>();
        String line = flinkLine();
        int ran = 0;
        int ranForLine = 0;
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(2) != null) {
                if (!m.group(2).equals(line)) {
                    continue;
                }
                ranForLine++;
            }
            for (String statement : statements(m.group(3))) {
                ran++;
                if (m.group(1).equals("cql")) {
                    CassandraTestSupport.cql(statement);
                } else if (statement.startsWith("SELECT")) {
                    List<String> rows = new ArrayList<>();
                    try (CloseableIterator<Row> it = t.executeSql(statement).collect()) {
                        it.forEachRemaining(r -> rows.add(r.toString()));
                    }
                    results.put(statement, rows);
                } else {
                    TableResult result = t.executeSql(statement);
                    if (statement.startsWith("INSERT")) {
                        result.await(120, TimeUnit.SECONDS);
                    }
                }
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(10);
        assertThat(ranForLine).as("blocks tagged " + line).isGreaterThanOrEqualTo(1);

        Map<Object, Object> counts = new LinkedHashMap<>();
        for (Object[] row : CassandraTestSupport.rows("SELECT word, n FROM example.word_counts")) {
            counts.put(row[0], row[1]);
        }
        assertThat(counts).containsOnly(Map.entry("to", 2L), Map.entry("be", 2L), Map.entry("or", 1L), Map.entry("not", 1L));
        Map<Object, Object> events = new LinkedHashMap<>();
        for (Object[] row : CassandraTestSupport.rows("SELECT device, seq, kind FROM example.device_events")) {
            events.put(row[0] + "/" + row[1], row[2]);
        }
        // the batch-grouping example: every row of both partitions written
        assertThat(events).containsOnly(Map.entry("d1/1", "boot"), Map.entry("d1/2", "ping"), Map.entry("d1/3", "halt"),
                Map.entry("d2/1", "boot"));
        assertThat(CassandraTestSupport.rows("SELECT TTL(value) FROM example.readings WHERE sensor = 's1' "
                + "AND day = '2024-05-01' AND at = 1714521600000").get(0)[0]).isNotNull();
        List<List<String>> selects = new ArrayList<>(results.values());
        assertThat(selects.get(0)).hasSize(2); // the readings of one partition
        assertThat(selects.get(1)).containsExactlyInAnyOrder("+I[to, 2]", "+I[xyz, null]"); // lookup join
        assertThat(selects.get(2)).hasSize(4); // the catalog's table
        // readable metadata: the first reading was written with TTL 86400 at 2024-05-01T00:00:00Z
        assertThat(selects.get(3)).hasSize(2)
                .anySatisfy(r -> assertThat(r).contains("2024-05-01T00:00:00Z, 2024-05-01T00:00:00Z, 86"));
        assertThat(selects.get(4)).hasSize(2); // LIMIT on a ring scan
    }
}
