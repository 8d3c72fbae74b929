package org.apache.flink.streaming.connectors.cassandra.internal.util;

import org.apache.flink.annotation.Internal;

import java.util.Collection;

/**
 * A minimal JSON object writer for the settings documents that cross JNI (read by serde on the
 * Rust side). Only strings, numbers, booleans, string arrays and nested objects are needed. A
 * null is written as {@code null}, never left out: Rust requires every field, so that a setting
 * missing on one side is an error rather than a second default.
 *
 * <p>Internal.
 */
@Internal
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    private boolean first = true;

    public JsonWriter() {
        out.append('{');
    }

    public JsonWriter field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    public JsonWriter field(String name, Long value) {
        key(name);
        out.append(value == null ? "null" : value.toString());
        return this;
    }

    public JsonWriter field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    public JsonWriter field(String name, boolean value) {
        key(name);
        out.append(value);
        return this;
    }

    public JsonWriter field(String name, Collection<String> values) {
        key(name);
        out.append('[');
        boolean firstValue = true;
        for (String value : values) {
            if (!firstValue) {
                out.append(',');
            }
            quote(value);
            firstValue = false;
        }
        out.append(']');
        return this;
    }

    public JsonWriter field(String name, int[] values) {
        key(name);
        out.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
        out.append(']');
        return this;
    }

    /** A nested object, already rendered by another writer. */
    public JsonWriter object(String name, JsonWriter value) {
        key(name);
        out.append(value == null ? "null" : value.toJson());
        return this;
    }

    public String toJson() {
        return out.toString() + '}';
    }

    private void key(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
    }

    private void quote(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
