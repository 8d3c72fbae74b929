package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The codecs of tuple and user-defined types. */
@Internal
final class StructCodecs {

    private StructCodecs() {}

    static final class TupleCodec extends CqlCodec {
        private final CqlCodec[] components;

        TupleCodec(CqlType t) {
            super(t);
            List<CqlType> types = t.componentTypes();
            components = new CqlCodec[types.size()];
            for (int i = 0; i < components.length; i++) {
                components[i] = forType(types.get(i));
            }
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Object[]) {
                Object[] a = (Object[]) value;
                checkArity(value, a.length);
                for (int i = 0; i < a.length; i++) {
                    encodeComponent(value, i, a[i], out);
                }
            } else if (value instanceof List) {
                List<?> l = (List<?>) value;
                checkArity(value, l.size());
                int i = 0;
                for (Object o : l) {
                    if (i >= components.length) {
                        throw fail(value, "list changed size while being written");
                    }
                    encodeComponent(value, i++, o, out);
                }
            } else {
                throw fail(value, "expected an Object[] or a List of " + components.length
                        + " components");
            }
        }

        private void checkArity(Object value, int n) {
            if (n != components.length) {
                throw fail(value, "expected " + components.length + " components, got " + n);
            }
        }

        private void encodeComponent(Object whole, int i, Object c, RowBuffer out) {
            if (c == null) {
                out.putNull();
                return;
            }
            if (c == UNSET) {
                throw fail(whole, "component " + i + " is UNSET; use null");
            }
            try {
                components[i].encodeValue(c, out);
            } catch (CqlEncodeException ex) {
                throw fail(whole, "component " + i + ": " + ex.nestedDescription());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            List<Object> result = new ArrayList<>(components.length);
            for (CqlCodec component : components) {
                result.add(c.atEnd() ? null : c.readItem(component));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class UdtCodec extends CqlCodec {
        private final String[] names;
        private final CqlCodec[] fields;

        UdtCodec(CqlType t) {
            super(t);
            names = t.fieldNames().toArray(new String[0]);
            fields = new CqlCodec[names.length];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = forType(t.fieldTypes().get(i));
            }
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Object[]) {
                encodePositional(value, (Object[]) value, out);
                return;
            }
            if (!(value instanceof Map)) {
                throw fail(value, "expected a Map from field name to value, or an Object[] (a Flink Tuple or Row) "
                        + "of the fields in declared order");
            }
            Map<?, ?> m = (Map<?, ?>) value;
            int present = 0;
            for (int i = 0; i < names.length; i++) {
                Object v = m.get(names[i]);
                if (v != null || m.containsKey(names[i])) {
                    present++;
                }
                if (v == null) {
                    out.putNull();
                    continue;
                }
                if (v == UNSET) {
                    throw fail(value, "field " + names[i] + " is UNSET; use null");
                }
                try {
                    fields[i].encodeValue(v, out);
                } catch (CqlEncodeException ex) {
                    throw fail(value, "field " + names[i] + ": " + ex.nestedDescription());
                }
            }
            if (present != m.size()) {
                for (Object k : m.keySet()) {
                    if (!isField(k)) {
                        throw fail(value, "a key is not a field" + ValuePreview.label("(unknown field", k)
                                + (ValuePreview.valuesShown() ? ")" : "") + "; the fields are "
                                + String.join(", ", names));
                    }
                }
            }
        }

        /** Fields in declared order: how a Flink Tuple or Row field maps onto a UDT. */
        private void encodePositional(Object whole, Object[] values, RowBuffer out) {
            if (values.length != names.length) {
                throw fail(whole, "expected " + names.length + " fields (" + String.join(", ", names) + "), got "
                        + values.length);
            }
            for (int i = 0; i < names.length; i++) {
                Object v = values[i];
                if (v == null) {
                    out.putNull();
                    continue;
                }
                if (v == UNSET) {
                    throw fail(whole, "field " + names[i] + " is UNSET; use null");
                }
                try {
                    fields[i].encodeValue(v, out);
                } catch (CqlEncodeException ex) {
                    throw fail(whole, "field " + names[i] + ": " + ex.nestedDescription());
                }
            }
        }

        private boolean isField(Object k) {
            for (String n : names) {
                if (n.equals(k)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            Map<String, Object> result = new LinkedHashMap<>(names.length * 4 / 3 + 1);
            for (int i = 0; i < names.length; i++) {
                result.put(names[i], c.atEnd() ? null : c.readItem(fields[i]));
            }
            c.expectEnd();
            return result;
        }
    }
}
