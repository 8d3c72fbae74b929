package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adapts Flink's structured values to what the CQL codecs take: a {@link Tuple} or {@link Row}
 * (as a field, for a CQL tuple or UDT column) becomes an {@code Object[]}, also inside
 * collections. Other values pass through unchanged and without copying.
 */
@Internal
public final class FlinkValues {
    private FlinkValues() {}

    /** The fields of a tuple, in order. */
    public static Object[] fieldsOf(Tuple tuple) {
        Object[] values = new Object[tuple.getArity()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tuple.getField(i);
        }
        return values;
    }

    /** The fields of a row, in order. */
    public static Object[] fieldsOf(Row row) {
        Object[] values = new Object[row.getArity()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.getField(i);
        }
        return values;
    }

    public static Object adapt(Object value) {
        if (value instanceof Tuple) {
            Tuple tuple = (Tuple) value;
            Object[] fields = new Object[tuple.getArity()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = adapt(tuple.getField(i));
            }
            return fields;
        }
        if (value instanceof Row) {
            Row row = (Row) value;
            Object[] fields = new Object[row.getArity()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = adapt(row.getField(i));
            }
            return fields;
        }
        if (value instanceof List && needsAdapting((Collection<?>) value)) {
            List<Object> copy = new ArrayList<>(((List<?>) value).size());
            for (Object element : (List<?>) value) {
                copy.add(adapt(element));
            }
            return copy;
        }
        if (value instanceof Set && needsAdapting((Collection<?>) value)) {
            Set<Object> copy = new LinkedHashSet<>();
            for (Object element : (Set<?>) value) {
                copy.add(adapt(element));
            }
            return copy;
        }
        if (value instanceof Map && (needsAdapting(((Map<?, ?>) value).keySet()) || needsAdapting(((Map<?, ?>) value).values()))) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(adapt(e.getKey()), adapt(e.getValue()));
            }
            return copy;
        }
        return value;
    }

    private static boolean needsAdapting(Collection<?> values) {
        for (Object v : values) {
            if (v instanceof Tuple || v instanceof Row || v instanceof Collection || v instanceof Map) {
                return true;
            }
        }
        return false;
    }
}
