package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Cassandra table's columns as the server describes them: kinds and positions from {@code
 * system_schema.columns}, types from the metadata of a prepared {@code SELECT *}.
 */
@Internal
public final class CqlTableSchema {
    private final String keyspace;
    private final String table;
    private final Map<String, CqlType> types;
    private final List<String> partitionKey;
    private final List<String> clusteringKey;

    private CqlTableSchema(String keyspace, String table, Map<String, CqlType> types, List<String> partitionKey,
            List<String> clusteringKey) {
        this.keyspace = keyspace;
        this.table = table;
        this.types = types;
        this.partitionKey = partitionKey;
        this.clusteringKey = clusteringKey;
    }

    /** Reads the schema of {@code keyspace.table}; fails naming it when it does not exist. */
    public static CqlTableSchema read(NativeSession session, String keyspace, String table) {
        List<Object[]> rows = session.execute(
                "SELECT column_name, kind, position FROM system_schema.columns WHERE keyspace_name = '"
                        + keyspace.replace("'", "''") + "' AND table_name = '" + table.replace("'", "''") + "'").rows();
        if (rows.isEmpty()) {
            throw new ValidationException("Cassandra table " + keyspace + "." + table + " does not exist.");
        }
        String[] partition = new String[rows.size()];
        String[] clustering = new String[rows.size()];
        int partitions = 0;
        int clusterings = 0;
        for (Object[] row : rows) {
            String kind = (String) row[1];
            int position = (Integer) row[2];
            if (kind.equals("partition_key")) {
                partition[position] = (String) row[0];
                partitions++;
            } else if (kind.equals("clustering")) {
                clustering[position] = (String) row[0];
                clusterings++;
            }
        }
        Map<String, CqlType> types = new LinkedHashMap<>();
        try (NativeStatement all = session.prepare("SELECT * FROM " + quote(keyspace) + "." + quote(table))) {
            for (ColumnSpec column : all.metadata().resultColumns()) {
                types.put(column.name(), column.type());
            }
        }
        List<String> pk = new ArrayList<>();
        Collections.addAll(pk, java.util.Arrays.copyOf(partition, partitions));
        List<String> ck = new ArrayList<>();
        Collections.addAll(ck, java.util.Arrays.copyOf(clustering, clusterings));
        return new CqlTableSchema(keyspace, table, types, pk, ck);
    }

    /** A CQL identifier, quoted when it is not all lower case (as CQL folds unquoted names). */
    public static String quote(String name) {
        if (name.matches("[a-z_][a-z0-9_]*")) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public String name() {
        return keyspace + "." + table;
    }

    /** Column names in the table's order (partition key, clustering, then regular columns by name). */
    public Map<String, CqlType> columns() {
        return types;
    }

    public List<String> partitionKey() {
        return partitionKey;
    }

    public List<String> clusteringKey() {
        return clusteringKey;
    }

    public List<String> primaryKey() {
        List<String> all = new ArrayList<>(partitionKey);
        all.addAll(clusteringKey);
        return all;
    }

    /** The column's type; fails naming the column and the table when it has none. */
    public CqlType type(String column) {
        CqlType type = types.get(column);
        if (type == null) {
            throw new ValidationException("Column '" + column + "' does not exist in Cassandra table " + name()
                    + " (its columns: " + types.keySet() + ").");
        }
        return type;
    }
}
