package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The columns of a {@link ResultSet}: name, type, keyspace and table of each, in order. */
@PublicEvolving
public final class ColumnDefinitions implements Iterable<ColumnDefinitions.Definition> {
    private final List<Definition> definitions;
    private final Lookup lookup = new Lookup();

    ColumnDefinitions(List<ColumnSpec> columns) {
        List<Definition> list = new ArrayList<>(columns.size());
        for (ColumnSpec column : columns) {
            list.add(new Definition(column));
        }
        this.definitions = Collections.unmodifiableList(list);
    }

    ColumnSpec spec(int i) {
        return definitions.get(i).spec;
    }

    public int size() {
        return definitions.size();
    }

    public boolean contains(String name) {
        return getIndexOf(name) >= 0;
    }

    /** The index of {@code name} (case-insensitive unless double-quoted), or -1. */
    public int getIndexOf(String name) {
        return AbstractGettableData.indexOf(lookup, name);
    }

    public List<Definition> asList() {
        return definitions;
    }

    @Override
    public Iterator<Definition> iterator() {
        return definitions.iterator();
    }

    public String getName(int i) {
        return definitions.get(i).getName();
    }

    public DataType getType(int i) {
        return definitions.get(i).getType();
    }

    public DataType getType(String name) {
        int i = getIndexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(name + " is not a column defined in this metadata");
        }
        return getType(i);
    }

    public String getKeyspace(int i) {
        return definitions.get(i).getKeyspace();
    }

    public String getTable(int i) {
        return definitions.get(i).getTable();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Columns[");
        for (int i = 0; i < definitions.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(getName(i)).append('(').append(getType(i)).append(')');
        }
        return out.append(']').toString();
    }

    /** One column. */
    @PublicEvolving
    public static final class Definition {
        private final ColumnSpec spec;

        Definition(ColumnSpec spec) {
            this.spec = spec;
        }

        public String getKeyspace() {
            return spec.keyspace();
        }

        public String getTable() {
            return spec.table();
        }

        public String getName() {
            return spec.name();
        }

        public DataType getType() {
            return DataType.of(spec.type());
        }

        @Override
        public String toString() {
            return spec.toString();
        }
    }

    /** Name lookup with the rules of the getters. */
    private final class Lookup extends AbstractGettableData {
        @Override
        int size() {
            return definitions.size();
        }

        @Override
        org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType typeAt(int i) {
            return definitions.get(i).spec.type();
        }

        @Override
        Object rawAt(int i) {
            return null;
        }

        @Override
        String nameAt(int i) {
            return definitions.get(i).spec.name();
        }

        @Override
        String what() {
            return "column";
        }
    }
}
