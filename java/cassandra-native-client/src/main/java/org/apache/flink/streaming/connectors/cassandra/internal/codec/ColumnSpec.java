package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.util.Objects;

/**
 * A bound variable or result column of a prepared statement: keyspace, table, name and CQL type.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class ColumnSpec {
    private final String keyspace;
    private final String table;
    private final String name;
    private final CqlType type;

    public ColumnSpec(String keyspace, String table, String name, CqlType type) {
        this.keyspace = Objects.requireNonNull(keyspace);
        this.table = Objects.requireNonNull(table);
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
    }

    public String keyspace() {
        return keyspace;
    }

    public String table() {
        return table;
    }

    public String name() {
        return name;
    }

    public CqlType type() {
        return type;
    }

    /** {@code keyspace.table.column}. */
    public String qualifiedName() {
        return keyspace + "." + table + "." + name;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ColumnSpec)) {
            return false;
        }
        ColumnSpec that = (ColumnSpec) o;
        return keyspace.equals(that.keyspace)
                && table.equals(that.table)
                && name.equals(that.name)
                && type.equals(that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyspace, table, name, type);
    }

    @Override
    public String toString() {
        return qualifiedName() + " " + type;
    }
}
