package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The clustering columns among a prepared statement's bound variables, read from {@code
 * system_schema.columns} of the tables the variables belong to. The prepared metadata only marks
 * partition-key variables; knowing the clustering ones lets a null or unset clustering key fail
 * before anything is sent, naming the column. A variable is a clustering column when its name is
 * one in its table (as in {@code INSERT ... VALUES (?)}, {@code WHERE ck = ?}, {@code ck > ?});
 * derived names such as {@code in(ck)} or {@code [ttl]} never match.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class ClusteringColumns {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteringColumns.class);

    private ClusteringColumns() {}

    /**
     * Qualified names ({@code keyspace.table.column}) of the clustering columns of the tables the
     * variables of {@code metadata} belong to. Empty if the schema cannot be read: the server then
     * still rejects the row, only later and less clearly.
     */
    public static Set<String> of(NativeSession session, StatementMetadata metadata) {
        Set<String> tables = new LinkedHashSet<>();
        for (ColumnSpec variable : metadata.variables()) {
            tables.add(variable.keyspace() + "\u0000" + variable.table());
        }
        if (tables.isEmpty()) {
            return Collections.emptySet();
        }
        Set<String> clustering = new HashSet<>();
        for (String table : tables) {
            int split = table.indexOf('\u0000');
            String keyspace = table.substring(0, split);
            String name = table.substring(split + 1);
            try {
                QueryResult result = session.execute("SELECT column_name, kind FROM system_schema.columns"
                        + " WHERE keyspace_name = " + literal(keyspace) + " AND table_name = " + literal(name));
                for (Object[] row : result.rows()) {
                    if ("clustering".equals(row[1])) {
                        clustering.add(keyspace + "." + name + "." + row[0]);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot read the clustering columns of {}.{} from system_schema ({}); null clustering"
                        + " keys will be reported by the server instead", keyspace, name, e.toString());
            }
        }
        return clustering;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
