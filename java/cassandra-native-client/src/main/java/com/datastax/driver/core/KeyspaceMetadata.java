package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A keyspace: its name, replication and tables (read by {@link Metadata#getKeyspace}). */
@PublicEvolving
public final class KeyspaceMetadata {
    private final String name;
    private final boolean durableWrites;
    private final Map<String, String> replication;
    private final Map<String, TableMetadata> tables = new LinkedHashMap<>();

    private KeyspaceMetadata(String name, boolean durableWrites, Map<String, String> replication) {
        this.name = name;
        this.durableWrites = durableWrites;
        this.replication = Collections.unmodifiableMap(replication);
    }

    static KeyspaceMetadata read(Session session, String name) {
        Row row = session.execute(
                        "SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
                        name)
                .one();
        if (row == null) {
            return null;
        }
        KeyspaceMetadata keyspace =
                new KeyspaceMetadata(name, row.getBool(1), row.getMap(2, String.class, String.class));
        Map<String, List<Row>> columnsByTable = new LinkedHashMap<>();
        for (Row column : session.execute(
                "SELECT table_name, column_name, clustering_order, kind, position, type FROM system_schema.columns"
                        + " WHERE keyspace_name = ?",
                name)) {
            columnsByTable.computeIfAbsent(column.getString(0), t -> new ArrayList<>()).add(column);
        }
        for (Row table : session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", name)) {
            String tableName = table.getString(0);
            List<Row> columns = columnsByTable.getOrDefault(tableName, Collections.emptyList());
            keyspace.tables.put(tableName, TableMetadata.read(session, keyspace, tableName, columns));
        }
        return keyspace;
    }

    public String getName() {
        return name;
    }

    public boolean isDurableWrites() {
        return durableWrites;
    }

    /** The replication options ({@code class}, {@code replication_factor} or per-DC factors). */
    public Map<String, String> getReplication() {
        return replication;
    }

    /** The table, or null (case-insensitive unless double-quoted). */
    public TableMetadata getTable(String name) {
        return tables.get(Metadata.internal(name));
    }

    public Collection<TableMetadata> getTables() {
        return Collections.unmodifiableCollection(tables.values());
    }

    @Override
    public String toString() {
        return "KeyspaceMetadata{" + name + ", tables=" + tables.keySet() + '}';
    }
}
