package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/** A column of a table: name (as stored, unquoted), CQL type and whether it is static. */
@PublicEvolving
public final class ColumnMetadata {
    private final TableMetadata table;
    private final String name;
    private final DataType type;
    private final boolean isStatic;

    ColumnMetadata(TableMetadata table, String name, DataType type, boolean isStatic) {
        this.table = table;
        this.name = name;
        this.type = type;
        this.isStatic = isStatic;
    }

    public TableMetadata getParent() {
        return table;
    }

    public String getName() {
        return name;
    }

    public DataType getType() {
        return type;
    }

    public boolean isStatic() {
        return isStatic;
    }

    @Override
    public String toString() {
        return name + " " + type;
    }
}
