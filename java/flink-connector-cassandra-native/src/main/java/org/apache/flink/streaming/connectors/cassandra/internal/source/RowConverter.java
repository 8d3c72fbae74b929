package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.mapping.PojoMapping;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * Turns the decoded cells of one result row into a record: a {@link Tuple}, a {@link Row} or a
 * POJO whose fields are matched to the result columns by the sink's mapper annotations.
 * {@link #open} is called with the result columns before the first row.
 *
 * <p>No method here names a Table API type: serializing a subclass looks up this class's methods,
 * and a DataStream-only class path has no Table API ({@link RowDataConverter} is the RowData one).
 */
@Internal
public abstract class RowConverter<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the result columns against the record type. */
    public abstract void open(List<ColumnSpec> columns);

    /** A new record from {@code values} (in result column order). */
    public abstract T convert(Object[] values);

    /** Fills {@code reuse} when the type allows, else returns a new record. */
    public T convert(Object[] values, T reuse) {
        return convert(values);
    }

    public static <T extends Tuple> RowConverter<T> forTuples(TypeInformation<T> type) {
        return new TupleConverter<>(type.getArity());
    }

    public static <T extends Tuple> RowConverter<T> forTuples(int arity) {
        return new TupleConverter<>(arity);
    }

    public static RowConverter<Row> forRows(int arity) {
        return new RowsConverter(arity);
    }

    public static <T> RowConverter<T> forPojos(Class<T> type) {
        return new PojoConverter<>(type);
    }

    static void checkArity(String what, int expected, List<ColumnSpec> columns) {
        if (expected >= 0 && expected != columns.size()) {
            throw new CassandraConfigurationException("the query returns " + columns.size() + " columns " + columns
                    + " but the " + what + " has " + expected + " fields");
        }
    }

    private static final class TupleConverter<T extends Tuple> extends RowConverter<T> {
        private static final long serialVersionUID = 1L;
        private final int arity;

        TupleConverter(int arity) {
            this.arity = arity;
        }

        @Override
        public void open(List<ColumnSpec> columns) {
            checkArity("Tuple type", arity, columns);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T convert(Object[] values) {
            return convert(values, (T) Tuple.newInstance(values.length));
        }

        @Override
        public T convert(Object[] values, T reuse) {
            T tuple = reuse;
            if (tuple == null || tuple.getArity() != values.length) {
                tuple = convert(values);
                return tuple;
            }
            for (int i = 0; i < values.length; i++) {
                tuple.setField(values[i], i);
            }
            return tuple;
        }
    }

    private static final class RowsConverter extends RowConverter<Row> {
        private static final long serialVersionUID = 1L;
        private final int arity;

        RowsConverter(int arity) {
            this.arity = arity;
        }

        @Override
        public void open(List<ColumnSpec> columns) {
            checkArity("Row type", arity, columns);
        }

        @Override
        public Row convert(Object[] values) {
            return Row.of(values);
        }
    }

    private static final class PojoConverter<T> extends RowConverter<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;
        private transient Constructor<T> constructor;
        private transient Field[] fields;

        PojoConverter(Class<T> type) {
            this.type = type;
        }

        @Override
        public void open(List<ColumnSpec> columns) {
            Map<String, Field> byColumn = PojoMapping.fieldsByColumn(type);
            fields = new Field[columns.size()];
            for (int i = 0; i < fields.length; i++) {
                Field field = byColumn.get(columns.get(i).name());
                if (field == null) {
                    throw new CassandraConfigurationException("the query returns column '" + columns.get(i).name()
                            + "', which no field of " + type.getName() + " maps to (fields map to columns "
                            + byColumn.keySet() + ")");
                }
                field.setAccessible(true);
                fields[i] = field;
            }
            try {
                constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new CassandraConfigurationException(type.getName() + " needs a no-argument constructor to be read");
            }
        }

        @Override
        public T convert(Object[] values) {
            try {
                T record = constructor.newInstance();
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null || !fields[i].getType().isPrimitive()) {
                        fields[i].set(record, values[i]);
                    }
                }
                return record;
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new IllegalStateException("Cannot fill a " + type.getName() + " from a Cassandra row: " + e, e);
            }
        }
    }
}
