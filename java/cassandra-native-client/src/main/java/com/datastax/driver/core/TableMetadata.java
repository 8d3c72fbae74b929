package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A table: its columns in the driver's order (partition key, clustering columns, then the others
 * by name) and its primary key.
 */
@PublicEvolving
public final class TableMetadata {

    /** The order of a clustering column. */
    @PublicEvolving
    public enum Order {
        ASC,
        DESC
    }

    private final KeyspaceMetadata keyspace;
    private final String name;
    private final List<ColumnMetadata> columns = new ArrayList<>();
    private final List<ColumnMetadata> partitionKey = new ArrayList<>();
    private final List<ColumnMetadata> clusteringColumns = new ArrayList<>();
    private final List<Order> clusteringOrder = new ArrayList<>();

    private TableMetadata(KeyspaceMetadata keyspace, String name) {
        this.keyspace = keyspace;
        this.name = name;
    }

    /**
     * {@code schemaRows}: table_name, column_name, clustering_order, kind, position, type. The
     * column types come from the metadata of a one-row SELECT, so no CQL type text is parsed.
     */
    static TableMetadata read(Session session, KeyspaceMetadata keyspace, String name, List<Row> schemaRows) {
        TableMetadata table = new TableMetadata(keyspace, name);
        String select = "SELECT * FROM " + Metadata.quote(keyspace.getName()) + "." + Metadata.quote(name) + " LIMIT 1";
        ColumnDefinitions types = session.execute(new SimpleStatement(select).setFetchSize(1)).getColumnDefinitions();
        List<Row> rows = new ArrayList<>(schemaRows);
        rows.sort(Comparator.comparing((Row r) -> kindRank(r.getString(3)))
                .thenComparingInt(r -> r.getInt(4))
                .thenComparing(r -> r.getString(1)));
        for (Row row : rows) {
            String column = row.getString(1);
            String kind = row.getString(3);
            String typeText = row.getString(5);
            int i = types.getIndexOf(Metadata.quote(column));
            if (i < 0) {
                continue;
            }
            ColumnMetadata metadata = new ColumnMetadata(
                    table, column, DataType.of(types.getType(i).cqlType(), typeText.startsWith("frozen<")),
                    "static".equals(kind));
            table.columns.add(metadata);
            if ("partition_key".equals(kind)) {
                table.partitionKey.add(metadata);
            } else if ("clustering".equals(kind)) {
                table.clusteringColumns.add(metadata);
                table.clusteringOrder.add("desc".equalsIgnoreCase(row.getString(2)) ? Order.DESC : Order.ASC);
            }
        }
        return table;
    }

    private static int kindRank(String kind) {
        switch (kind) {
            case "partition_key":
                return 0;
            case "clustering":
                return 1;
            default:
                return 2;
        }
    }

    public String getName() {
        return name;
    }

    public KeyspaceMetadata getKeyspace() {
        return keyspace;
    }

    public List<ColumnMetadata> getColumns() {
        return Collections.unmodifiableList(columns);
    }

    /** The column, or null (case-insensitive unless double-quoted). */
    public ColumnMetadata getColumn(String name) {
        String internal = Metadata.internal(name);
        for (ColumnMetadata column : columns) {
            if (column.getName().equals(internal)) {
                return column;
            }
        }
        return null;
    }

    public List<ColumnMetadata> getPartitionKey() {
        return Collections.unmodifiableList(partitionKey);
    }

    public List<ColumnMetadata> getClusteringColumns() {
        return Collections.unmodifiableList(clusteringColumns);
    }

    public List<Order> getClusteringOrder() {
        return Collections.unmodifiableList(clusteringOrder);
    }

    /** Partition key then clustering columns. */
    public List<ColumnMetadata> getPrimaryKey() {
        List<ColumnMetadata> key = new ArrayList<>(partitionKey);
        key.addAll(clusteringColumns);
        return Collections.unmodifiableList(key);
    }

    @Override
    public String toString() {
        return "TableMetadata{" + keyspace.getName() + "." + name + ", columns=" + columns + '}';
    }
}
