package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A CQL type as the DataStax 3.x driver names it: {@link #getName()} and, for collections,
 * tuples and vectors, {@link #getTypeArguments()}. Backed by the connector's own type model.
 */
@PublicEvolving
public final class DataType {

    /** The kinds of CQL type. */
    public enum Name {
        CUSTOM,
        ASCII,
        BIGINT,
        BLOB,
        BOOLEAN,
        COUNTER,
        DECIMAL,
        DOUBLE,
        FLOAT,
        INT,
        TEXT,
        TIMESTAMP,
        UUID,
        VARCHAR,
        VARINT,
        TIMEUUID,
        INET,
        DATE,
        TIME,
        SMALLINT,
        TINYINT,
        DURATION,
        LIST,
        SET,
        MAP,
        UDT,
        TUPLE,
        VECTOR;

        /** Whether this is a list, set or map. */
        public boolean isCollection() {
            return this == LIST || this == SET || this == MAP;
        }

        @Override
        public String toString() {
            return super.toString().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final CqlType type;
    private final Name name;
    private final boolean frozen;

    private DataType(CqlType type, boolean frozen) {
        this.type = type;
        this.name = nameOf(type.kind());
        this.frozen = frozen;
    }

    /** Internal: the type of a column or value as the native core reports it. */
    static DataType of(CqlType type) {
        return new DataType(type, false);
    }

    /** Internal: with the frozen flag read from system_schema. */
    static DataType of(CqlType type, boolean frozen) {
        return new DataType(type, frozen);
    }

    /** Internal: the connector's type model. */
    CqlType cqlType() {
        return type;
    }

    private static Name nameOf(CqlType.Kind kind) {
        switch (kind) {
            case VARCHAR:
                return Name.VARCHAR;
            default:
                return Name.valueOf(kind.name());
        }
    }

    public Name getName() {
        return name;
    }

    /** Element, key/value or component types; empty for the others. */
    public List<DataType> getTypeArguments() {
        List<CqlType> arguments;
        switch (type.kind()) {
            case LIST:
            case SET:
            case VECTOR:
                arguments = Collections.singletonList(type.elementType());
                break;
            case MAP:
                arguments = java.util.Arrays.asList(type.keyType(), type.valueType());
                break;
            case TUPLE:
                arguments = type.componentTypes();
                break;
            default:
                return Collections.emptyList();
        }
        List<DataType> out = new ArrayList<>(arguments.size());
        for (CqlType argument : arguments) {
            out.add(of(argument));
        }
        return out;
    }

    public boolean isCollection() {
        return name.isCollection();
    }

    /** Whether the column was declared {@code frozen<...>} (known for columns read from the schema). */
    public boolean isFrozen() {
        return frozen;
    }

    /** The CQL form, e.g. {@code map<text, int>}. */
    public String asFunctionParameterString() {
        return type.toString();
    }

    public static DataType ascii() {
        return of(CqlType.ASCII);
    }

    public static DataType bigint() {
        return of(CqlType.BIGINT);
    }

    public static DataType blob() {
        return of(CqlType.BLOB);
    }

    public static DataType cboolean() {
        return of(CqlType.BOOLEAN);
    }

    public static DataType counter() {
        return of(CqlType.COUNTER);
    }

    public static DataType decimal() {
        return of(CqlType.DECIMAL);
    }

    public static DataType cdouble() {
        return of(CqlType.DOUBLE);
    }

    public static DataType cfloat() {
        return of(CqlType.FLOAT);
    }

    public static DataType cint() {
        return of(CqlType.INT);
    }

    public static DataType text() {
        return of(CqlType.VARCHAR);
    }

    public static DataType varchar() {
        return of(CqlType.VARCHAR);
    }

    public static DataType timestamp() {
        return of(CqlType.TIMESTAMP);
    }

    public static DataType uuid() {
        return of(CqlType.UUID);
    }

    public static DataType timeuuid() {
        return of(CqlType.TIMEUUID);
    }

    public static DataType varint() {
        return of(CqlType.VARINT);
    }

    public static DataType inet() {
        return of(CqlType.INET);
    }

    public static DataType date() {
        return of(CqlType.DATE);
    }

    public static DataType time() {
        return of(CqlType.TIME);
    }

    public static DataType smallint() {
        return of(CqlType.SMALLINT);
    }

    public static DataType tinyint() {
        return of(CqlType.TINYINT);
    }

    public static DataType duration() {
        return of(CqlType.DURATION);
    }

    public static DataType list(DataType element) {
        return of(CqlType.list(element.type));
    }

    public static DataType set(DataType element) {
        return of(CqlType.set(element.type));
    }

    public static DataType map(DataType key, DataType value) {
        return of(CqlType.map(key.type, value.type));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataType && type.equals(((DataType) o).type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type);
    }

    @Override
    public String toString() {
        return frozen ? "frozen<" + type + ">" : type.toString();
    }
}
