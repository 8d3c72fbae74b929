package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Short, bounded previews of Java values for error messages. Record values are often personal
 * data, so messages carry only the value's Java class unless the JVM runs with
 * {@code -Dcassandra.native.errors.showValues=true} (a debugging aid, see docs/sink.md); then they
 * also carry a preview of at most {@link #MAX_CHARS} characters.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class ValuePreview {
    /** Maximum number of characters of a preview (before the trailing "..."). */
    public static final int MAX_CHARS = 50;

    /** System property that puts value previews into error messages when {@code true}. */
    public static final String SHOW_VALUES_PROPERTY = "cassandra.native.errors.showValues";

    private ValuePreview() {}

    /** Whether error messages may show record values; read on every error, so tests can flip it. */
    public static boolean valuesShown() {
        return Boolean.getBoolean(SHOW_VALUES_PROPERTY);
    }

    /**
     * {@code <class name> <preview>}, e.g. {@code java.lang.String "abc"}, if values are shown;
     * else the class name only.
     */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return valuesShown() ? value.getClass().getName() + " " + preview(value) : value.getClass().getName();
    }

    /**
     * {@code " " + label + " " + preview} if values are shown, else the empty string: for phrases
     * such as "the value for key k" that still read well without the value.
     */
    public static String label(String label, Object value) {
        return valuesShown() ? " " + label + " " + preview(value) : "";
    }

    /**
     * The value, truncated at {@link #MAX_CHARS} characters; strings are quoted. Shows the value
     * whatever {@link #valuesShown()} says: callers building messages check it first.
     */
    public static String preview(Object value) {
        StringBuilder sb = new StringBuilder();
        try {
            append(sb, value, 0);
        } catch (RuntimeException e) {
            return "<" + value.getClass().getName() + ": toString failed>";
        } catch (Truncated t) {
            // fall through
        }
        if (sb.length() > MAX_CHARS) {
            sb.setLength(MAX_CHARS);
            sb.append("...");
        }
        return sb.toString();
    }

    /** Thrown (without stack trace) when the preview is long enough. */
    private static final class Truncated extends Exception {
        private static final long serialVersionUID = 1L;
        static final Truncated INSTANCE = new Truncated();

        private Truncated() {
            super(null, null, false, false);
        }
    }

    private static void check(StringBuilder sb) throws Truncated {
        if (sb.length() > MAX_CHARS) {
            throw Truncated.INSTANCE;
        }
    }

    private static void append(StringBuilder sb, Object v, int depth) throws Truncated {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence) {
            CharSequence cs = (CharSequence) v;
            sb.append('"');
            sb.append(cs, 0, Math.min(cs.length(), MAX_CHARS + 1));
            check(sb);
            sb.append('"');
        } else if (v instanceof byte[]) {
            appendHex(sb, ByteBuffer.wrap((byte[]) v));
        } else if (v instanceof ByteBuffer) {
            appendHex(sb, ((ByteBuffer) v).duplicate());
        } else if (v instanceof Object[] && depth < 8) {
            Object[] a = (Object[]) v;
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, a[i], depth + 1);
                check(sb);
            }
            sb.append(']');
        } else if (v instanceof Collection && depth < 8) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Collection<?>) v) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                append(sb, o, depth + 1);
                check(sb);
            }
            sb.append(']');
        } else if (v instanceof Map && depth < 8) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) v).entrySet().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                append(sb, e.getKey(), depth + 1);
                sb.append('=');
                append(sb, e.getValue(), depth + 1);
                check(sb);
            }
            sb.append('}');
        } else if (v.getClass().isArray()) {
            sb.append(v.getClass().getComponentType().getName()).append("[...]");
        } else {
            String s = String.valueOf(v);
            sb.append(s, 0, Math.min(s.length(), MAX_CHARS + 1));
        }
        check(sb);
    }

    private static void appendHex(StringBuilder sb, ByteBuffer b) throws Truncated {
        sb.append("0x");
        for (int i = b.position(); i < b.limit(); i++) {
            int x = b.get(i) & 0xFF;
            sb.append(Character.forDigit(x >> 4, 16)).append(Character.forDigit(x & 0xF, 16));
            check(sb);
        }
    }
}
