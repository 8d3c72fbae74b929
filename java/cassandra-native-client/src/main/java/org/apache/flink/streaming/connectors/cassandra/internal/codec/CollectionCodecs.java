package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The codecs of list/set, map and vector. */
@Internal
final class CollectionCodecs {

    private CollectionCodecs() {}

    static final class CollectionCodec extends CqlCodec {
        private final CqlCodec element;
        private final boolean isSet;

        CollectionCodec(CqlType t) {
            super(t);
            this.element = forType(t.elementType());
            this.isSet = t.kind() == CqlType.Kind.SET;
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (value instanceof Collection) {
                Collection<?> c = (Collection<?>) value;
                out.putInt(c.size());
                int i = 0;
                for (Object e : c) {
                    encodeElement(value, i++, e, out);
                }
                if (i != c.size()) {
                    throw fail(value, "collection changed size while being written");
                }
            } else if (value instanceof Object[]) {
                Object[] a = (Object[]) value;
                out.putInt(a.length);
                for (int i = 0; i < a.length; i++) {
                    encodeElement(value, i, a[i], out);
                }
            } else {
                throw fail(value, "expected a Collection or an Object[]");
            }
        }

        private void encodeElement(Object whole, int i, Object e, RowBuffer out) {
            if (e == null || e == UNSET) {
                throw fail(whole, "element " + i + " is " + (e == null ? "null" : "UNSET")
                        + "; " + (isSet ? "set" : "list") + " elements cannot be null");
            }
            try {
                element.encodeValue(e, out);
            } catch (CqlEncodeException ex) {
                throw fail(whole, "element " + i + ": " + ex.nestedDescription());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            int n = c.readInt();
            if (n < 0 || n > length) {
                throw decodeFail(length, "bad element count " + n);
            }
            Collection<Object> result = isSet ? new LinkedHashSet<>(n * 4 / 3 + 1) : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                result.add(c.readItem(element));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class MapCodec extends CqlCodec {
        private final CqlCodec key;
        private final CqlCodec val;

        MapCodec(CqlType t) {
            super(t);
            this.key = forType(t.keyType());
            this.val = forType(t.valueType());
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            if (!(value instanceof Map)) {
                throw fail(value, "expected a Map");
            }
            Map<?, ?> m = (Map<?, ?>) value;
            out.putInt(m.size());
            int n = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                Object v = e.getValue();
                if (k == null || k == UNSET) {
                    throw fail(value, "map keys cannot be null");
                }
                if (v == null || v == UNSET) {
                    throw fail(value, "the value" + ValuePreview.label("for key", k)
                            + " is null; map values cannot be null");
                }
                try {
                    key.encodeValue(k, out);
                } catch (CqlEncodeException ex) {
                    throw fail(value, "key: " + ex.nestedDescription());
                }
                try {
                    val.encodeValue(v, out);
                } catch (CqlEncodeException ex) {
                    throw fail(value, "value" + ValuePreview.label("for key", k) + ": "
                            + ex.nestedDescription());
                }
                n++;
            }
            if (n != m.size()) {
                throw fail(value, "map changed size while being written");
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            Cursor c = new Cursor(this, buf, offset, length);
            int n = c.readInt();
            if (n < 0 || n > length) {
                throw decodeFail(length, "bad entry count " + n);
            }
            Map<Object, Object> result = new LinkedHashMap<>(n * 4 / 3 + 1);
            for (int i = 0; i < n; i++) {
                Object k = c.readItem(key);
                result.put(k, c.readItem(val));
            }
            c.expectEnd();
            return result;
        }
    }

    static final class VectorCodec extends CqlCodec {
        private final CqlCodec element;
        private final int dimension;
        private final int elementSize;
        private final CqlType.Kind elementKind;

        VectorCodec(CqlType t) {
            super(t);
            this.element = forType(t.elementType());
            this.dimension = t.dimension();
            this.elementSize = element.fixedSize();
            this.elementKind = t.elementType().kind();
        }

        @Override
        void encodeValue(Object value, RowBuffer out) {
            if (elementSize > 0) {
                checkDimension(value);
                out.putInt(elementSize * dimension);
                encodeBody(value, out);
            } else {
                super.encodeValue(value, out);
            }
        }

        private void checkDimension(Object value) {
            int n;
            if (value instanceof float[]) {
                n = ((float[]) value).length;
            } else if (value instanceof double[]) {
                n = ((double[]) value).length;
            } else if (value instanceof List) {
                n = ((List<?>) value).size();
            } else if (value instanceof Object[]) {
                n = ((Object[]) value).length;
            } else {
                throw fail(value, "expected float[], List or Object[]");
            }
            if (n != dimension) {
                throw fail(value, "expected " + dimension + " elements, got " + n);
            }
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            checkDimension(value);
            if (value instanceof float[]) {
                if (elementKind != CqlType.Kind.FLOAT) {
                    throw fail(value, "float[] only fits a vector of float");
                }
                for (float f : (float[]) value) {
                    out.putFloat(f);
                }
            } else if (value instanceof double[]) {
                if (elementKind != CqlType.Kind.DOUBLE) {
                    throw fail(value, "double[] only fits a vector of double");
                }
                for (double d : (double[]) value) {
                    out.putDouble(d);
                }
            } else if (value instanceof List) {
                int i = 0;
                for (Object e : (List<?>) value) {
                    encodeElement(value, i++, e, out);
                }
            } else {
                Object[] a = (Object[]) value;
                for (int i = 0; i < a.length; i++) {
                    encodeElement(value, i, a[i], out);
                }
            }
        }

        private void encodeElement(Object whole, int i, Object e, RowBuffer out) {
            if (e == null || e == UNSET) {
                throw fail(whole, "element " + i + " is null; vector elements cannot be null");
            }
            try {
                if (elementSize > 0) {
                    element.encodeBody(e, out);
                } else {
                    int start = out.position();
                    element.encodeBody(e, out);
                    out.prefixWithUnsignedVIntLength(start);
                }
            } catch (CqlEncodeException ex) {
                throw fail(whole, "element " + i + ": " + ex.nestedDescription());
            }
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            List<Object> result = new ArrayList<>(dimension);
            if (elementSize > 0) {
                checkLength(length, elementSize * dimension);
                for (int i = 0; i < dimension; i++) {
                    result.add(element.decodeValue(buf, offset + i * elementSize, elementSize));
                }
                return result;
            }
            int p = offset;
            int end = offset + length;
            for (int i = 0; i < dimension; i++) {
                if (p >= end || p + VIntCoding.sizeAt(buf, p) > end) {
                    throw decodeFail(length, "truncated vector");
                }
                long len = VIntCoding.readUnsignedVInt(buf, p);
                p += VIntCoding.sizeAt(buf, p);
                if (len < 0 || len > end - p) {
                    throw decodeFail(length, "truncated vector");
                }
                result.add(element.decode(buf, p, (int) len));
                p += (int) len;
            }
            if (p != end) {
                throw decodeFail(length, "trailing bytes after vector");
            }
            return result;
        }
    }
}
