package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a table sink writes, fixed at planning: the declared physical columns, the declared
 * primary key (empty: append), which writable metadata the rows carry, and the write options.
 * The statements are derived here; the server's schema is checked against it when a writer opens.
 */
@Internal
public final class SinkSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public final TableConnection connection;
    public final String keyspace;
    public final String table;
    public final List<String> columns;
    public final List<LogicalType> types;
    public final List<String> primaryKey;
    /** Position of the ttl / writetime metadata in the consumed row, or -1. */
    public final int ttlIndex;
    public final int writetimeIndex;
    public final Integer staticTtlSeconds;
    public final SinkOptions options;
    public final boolean upsert;

    public SinkSpec(TableConnection connection, String keyspace, String table, List<String> columns,
            List<LogicalType> types, List<String> primaryKey, int ttlIndex, int writetimeIndex,
            Integer staticTtlSeconds, SinkOptions options, boolean upsert) {
        this.connection = connection;
        this.keyspace = keyspace;
        this.table = table;
        this.columns = columns;
        this.types = types;
        this.primaryKey = primaryKey;
        this.ttlIndex = ttlIndex;
        this.writetimeIndex = writetimeIndex;
        this.staticTtlSeconds = staticTtlSeconds;
        this.options = options;
        this.upsert = upsert;
    }

    public String qualifiedTable() {
        return CqlTableSchema.quote(keyspace) + "." + CqlTableSchema.quote(table);
    }

    /** {@code INSERT INTO ks.t (c..) VALUES (?..) [USING TTL ?|n] [AND TIMESTAMP ?]}: binds columns, ttl, writetime. */
    public String insertCql() {
        StringBuilder cql = new StringBuilder("INSERT INTO ").append(qualifiedTable()).append(" (");
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            cql.append(i == 0 ? "" : ", ").append(CqlTableSchema.quote(columns.get(i)));
            marks.append(i == 0 ? "?" : ", ?");
        }
        cql.append(") VALUES (").append(marks).append(')');
        List<String> using = new ArrayList<>();
        if (ttlIndex >= 0) {
            using.add("TTL ?");
        } else if (staticTtlSeconds != null) {
            using.add("TTL " + staticTtlSeconds);
        }
        if (writetimeIndex >= 0) {
            using.add("TIMESTAMP ?");
        }
        if (!using.isEmpty()) {
            cql.append(" USING ").append(String.join(" AND ", using));
        }
        return cql.toString();
    }

    /** {@code DELETE FROM ks.t [USING TIMESTAMP ?] WHERE pk = ? AND ..}: binds writetime, then the key. */
    public String deleteCql() {
        StringBuilder cql = new StringBuilder("DELETE FROM ").append(qualifiedTable());
        if (writetimeIndex >= 0) {
            cql.append(" USING TIMESTAMP ?");
        }
        cql.append(" WHERE ");
        for (int i = 0; i < primaryKey.size(); i++) {
            cql.append(i == 0 ? "" : " AND ").append(CqlTableSchema.quote(primaryKey.get(i))).append(" = ?");
        }
        return cql.toString();
    }

    /** Checks the declared key and columns against the server's schema; fails naming the columns. */
    public List<CqlTypeMapping.Converter> check(CqlTableSchema schema) {
        if (upsert && !primaryKey.equals(schema.primaryKey())) {
            throw new ValidationException("The declared PRIMARY KEY " + primaryKey + " of the Flink table does not equal the "
                    + "primary key " + schema.primaryKey() + " of Cassandra table " + schema.name() + ".");
        }
        if (!upsert) {
            for (String key : schema.primaryKey()) {
                if (!columns.contains(key)) {
                    throw new ValidationException("Primary key column '" + key + "' of Cassandra table " + schema.name()
                            + " is not declared in the Flink table, so no row could be written.");
                }
            }
        }
        List<CqlTypeMapping.Converter> converters = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            converters.add(CqlTypeMapping.toCql(column, types.get(i), schema.type(column)));
        }
        return converters;
    }

    @Override
    public String toString() {
        return "table=" + keyspace + "." + table + ", columns=" + columns + ", primaryKey=" + primaryKey + ", " + connection;
    }
}
