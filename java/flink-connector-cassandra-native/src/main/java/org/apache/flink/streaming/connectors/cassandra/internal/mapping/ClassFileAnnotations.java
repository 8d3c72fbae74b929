package org.apache.flink.streaming.connectors.cassandra.internal.mapping;

import org.apache.flink.annotation.Internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the runtime-visible annotations of a class and its fields straight from its class file.
 *
 * <p>Why: the JVM silently drops annotations whose classes cannot be loaded. POJOs written for
 * the official connector carry the DataStax mapper's {@code @Table}/{@code @Column}, and a job
 * moved to this connector no longer ships that driver, so reflection would see nothing. The class
 * file still holds them; only names and constant values are needed.
 */
@Internal
final class ClassFileAnnotations {
    /** One annotation: simple type name and its explicitly given constant values. */
    static final class Annotation {
        final String simpleName;
        final Map<String, Object> values;

        Annotation(String simpleName, Map<String, Object> values) {
            this.simpleName = simpleName;
            this.values = values;
        }
    }

    /** Key of the class's own annotations in {@link #read}'s result. */
    static final String CLASS = "";

    private ClassFileAnnotations() {}

    /**
     * Annotations by member: {@link #CLASS} for the class, the field name for each field. Empty
     * when the class file is not available (e.g. a generated class).
     */
    static Map<String, List<Annotation>> read(Class<?> type) throws IOException {
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream raw = type.getResourceAsStream(resource)) {
            if (raw == null) {
                return Collections.emptyMap();
            }
            return parse(new DataInputStream(raw));
        }
    }

    private static Map<String, List<Annotation>> parse(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        Object[] pool = readConstantPool(in);
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        skip(in, 2 * in.readUnsignedShort()); // interfaces
        Map<String, List<Annotation>> result = new HashMap<>();
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            in.readUnsignedShort();
            result.put(name, readAttributes(in, pool));
        }
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            skip(in, 6);
            readAttributes(in, pool);
        }
        result.put(CLASS, readAttributes(in, pool));
        return result;
    }

    private static Object[] readConstantPool(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    pool[i] = in.readUTF();
                    break;
                case 3:
                    pool[i] = in.readInt();
                    break;
                case 4:
                    pool[i] = in.readFloat();
                    break;
                case 5:
                    pool[i] = in.readLong();
                    i++;
                    break;
                case 6:
                    pool[i] = in.readDouble();
                    i++;
                    break;
                case 7:
                case 8:
                case 16:
                case 19:
                case 20:
                    skip(in, 2);
                    break;
                case 9:
                case 10:
                case 11:
                case 12:
                case 17:
                case 18:
                    skip(in, 4);
                    break;
                case 15:
                    skip(in, 3);
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return pool;
    }

    private static List<Annotation> readAttributes(DataInputStream in, Object[] pool) throws IOException {
        List<Annotation> annotations = new ArrayList<>();
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            String name = (String) pool[in.readUnsignedShort()];
            int length = in.readInt();
            if ("RuntimeVisibleAnnotations".equals(name)) {
                int n = in.readUnsignedShort();
                for (int a = 0; a < n; a++) {
                    annotations.add(readAnnotation(in, pool));
                }
            } else {
                skip(in, length);
            }
        }
        return annotations;
    }

    private static Annotation readAnnotation(DataInputStream in, Object[] pool) throws IOException {
        String descriptor = (String) pool[in.readUnsignedShort()];
        int pairs = in.readUnsignedShort();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int p = 0; p < pairs; p++) {
            String key = (String) pool[in.readUnsignedShort()];
            values.put(key, readElementValue(in, pool));
        }
        return new Annotation(simpleName(descriptor), values);
    }

    private static Object readElementValue(DataInputStream in, Object[] pool) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'B':
            case 'C':
            case 'I':
            case 'S':
            case 'D':
            case 'F':
            case 'J':
            case 's':
                return pool[in.readUnsignedShort()];
            case 'Z':
                return ((Integer) pool[in.readUnsignedShort()]) != 0;
            case 'e':
                in.readUnsignedShort();
                return pool[in.readUnsignedShort()];
            case 'c':
                return pool[in.readUnsignedShort()];
            case '@':
                return readAnnotation(in, pool);
            case '[':
                int n = in.readUnsignedShort();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readElementValue(in, pool));
                }
                return list;
            default:
                throw new IOException("unknown annotation element tag " + (char) tag);
        }
    }

    /** {@code Lcom/datastax/driver/mapping/annotations/Table;} → {@code Table}. */
    private static String simpleName(String descriptor) {
        String name = descriptor.substring(1, descriptor.length() - 1);
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('$')) + 1);
    }

    private static void skip(DataInputStream in, int n) throws IOException {
        in.readFully(new byte[n]);
    }
}
