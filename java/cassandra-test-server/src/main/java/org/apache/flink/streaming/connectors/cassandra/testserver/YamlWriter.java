package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.util.Collection;
import java.util.Map;

/**
 * A minimal YAML emitter for {@code cassandra.yaml}: maps, lists, strings, numbers, booleans and
 * null. Strings are always double-quoted, so no value is ever misread as another type.
 */
public final class YamlWriter {

    private YamlWriter() {}

    /** Renders a top-level mapping. */
    public static String render(Map<String, ?> root) {
        StringBuilder out = new StringBuilder();
        writeMap(out, root, 0);
        return out.toString();
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int indent) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            indent(out, indent);
            out.append(key(e.getKey())).append(':');
            writeValueAfterKey(out, e.getValue(), indent);
        }
    }

    private static void writeValueAfterKey(StringBuilder out, Object value, int indent) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            out.append('\n');
            writeMap(out, (Map<?, ?>) value, indent + 2);
        } else if (value instanceof Collection && !((Collection<?>) value).isEmpty()) {
            out.append('\n');
            writeList(out, (Collection<?>) value, indent + 2);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static void writeList(StringBuilder out, Collection<?> list, int indent) {
        for (Object item : list) {
            indent(out, indent);
            out.append("- ");
            if (item instanceof Map && !((Map<?, ?>) item).isEmpty()) {
                // first entry on the dash line, the others aligned below it
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
                    if (!first) {
                        indent(out, indent + 2);
                    }
                    first = false;
                    out.append(key(e.getKey())).append(':');
                    writeValueAfterKey(out, e.getValue(), indent + 2);
                }
            } else if (item instanceof Collection && !((Collection<?>) item).isEmpty()) {
                out.append('\n');
                writeList(out, (Collection<?>) item, indent + 2);
            } else {
                out.append(scalar(item)).append('\n');
            }
        }
    }

    private static String key(Object key) {
        String k = String.valueOf(key);
        return k.matches("[A-Za-z0-9_.\\-]+") ? k : quote(k);
    }

    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "{}";
        }
        if (value instanceof Collection) {
            return "[]";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return quote(value.toString());
            }
            return value.toString();
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        return quote(value.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    private static void indent(StringBuilder out, int n) {
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
    }
}
