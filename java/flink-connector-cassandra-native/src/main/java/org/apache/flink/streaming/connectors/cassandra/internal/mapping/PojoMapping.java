package org.apache.flink.streaming.connectors.cassandra.internal.mapping;

import org.apache.flink.annotation.Internal;
import com.datastax.driver.mapping.Mapper;
import org.apache.flink.streaming.connectors.cassandra.MapperOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordExtractor;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How a POJO class maps onto a table: from its {@code @Table}, {@code @Column} and {@code
 * @Transient} annotations (ours or the DataStax mapper's, recognised by name), the INSERT
 * statement and the order in which fields bind to it.
 */
@Internal
public final class PojoMapping<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String insertStatement;
    private final List<String> fieldNames;
    private final boolean saveNullFields;
    private final String consistency;

    private PojoMapping(Class<T> type, String insert, List<String> fieldNames, boolean saveNullFields, String consistency) {
        this.type = type;
        this.insertStatement = insert;
        this.fieldNames = fieldNames;
        this.saveNullFields = saveNullFields;
        this.consistency = consistency;
    }

    /**
     * Builds the mapping of {@code type}.
     *
     * @param defaultKeyspace used when {@code @Table} names no keyspace (may be null)
     * @throws IllegalArgumentException naming the class when it has no {@code @Table} or no columns
     */
    public static <T> PojoMapping<T> of(Class<T> type, String defaultKeyspace, MapperOptions options) {
        Map<String, List<ClassFileAnnotations.Annotation>> annotations;
        try {
            annotations = ClassFileAnnotations.read(type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the annotations of " + type.getName(), e);
        }
        ClassFileAnnotations.Annotation table = find(annotations.get(ClassFileAnnotations.CLASS), "Table");
        if (table == null || !table.values.containsKey("name")) {
            throw new IllegalArgumentException(
                    "POJO " + type.getName() + " has no @Table(keyspace = \"...\", name = \"...\") annotation; "
                            + "the Cassandra POJO sink needs it to know where to write");
        }
        String keyspace = (String) table.values.getOrDefault("keyspace", "");
        if (keyspace.isEmpty()) {
            keyspace = defaultKeyspace;
        }
        String tableName = quote((String) table.values.get("name"), flag(table, "caseSensitiveTable"));
        String qualified = keyspace == null || keyspace.isEmpty()
                ? tableName
                : quote(keyspace, flag(table, "caseSensitiveKeyspace")) + "." + tableName;

        List<String> columns = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Field field : allFields(type)) {
            List<ClassFileAnnotations.Annotation> fieldAnnotations =
                    annotations.getOrDefault(field.getName(), Collections.emptyList());
            if (find(fieldAnnotations, "Transient") != null) {
                continue;
            }
            ClassFileAnnotations.Annotation column = find(fieldAnnotations, "Column");
            String name = column == null ? "" : (String) column.values.getOrDefault("name", "");
            columns.add(name.isEmpty() ? field.getName().toLowerCase(java.util.Locale.ROOT)
                    : quote(name, column != null && flag(column, "caseSensitive")));
            fields.add(field.getName());
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("POJO " + type.getName() + " has no fields to write");
        }
        Options parsed = Options.of(options);
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(qualified).append(" (")
                .append(String.join(", ", columns)).append(") VALUES (")
                .append(String.join(", ", Collections.nCopies(columns.size(), "?"))).append(')');
        if (parsed.ifNotExists) {
            insert.append(" IF NOT EXISTS");
        }
        List<String> using = new ArrayList<>();
        if (parsed.ttl != null) {
            using.add("TTL " + parsed.ttl);
        }
        if (parsed.timestamp != null) {
            using.add("TIMESTAMP " + parsed.timestamp);
        }
        if (!using.isEmpty()) {
            insert.append(" USING ").append(String.join(" AND ", using));
        }
        return new PojoMapping<>(type, insert.toString(), fields, parsed.saveNullFields, parsed.consistency);
    }

    /**
     * The mapped fields of {@code type} by the column each maps to, named as result metadata names
     * it (unquoted names lower-cased, case-sensitive ones as written): for reading rows into POJOs.
     */
    public static Map<String, Field> fieldsByColumn(Class<?> type) {
        Map<String, List<ClassFileAnnotations.Annotation>> annotations;
        try {
            annotations = ClassFileAnnotations.read(type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the annotations of " + type.getName(), e);
        }
        Map<String, Field> byColumn = new java.util.LinkedHashMap<>();
        for (Field field : allFields(type)) {
            List<ClassFileAnnotations.Annotation> fieldAnnotations =
                    annotations.getOrDefault(field.getName(), Collections.emptyList());
            if (find(fieldAnnotations, "Transient") != null) {
                continue;
            }
            ClassFileAnnotations.Annotation column = find(fieldAnnotations, "Column");
            String name = column == null ? "" : (String) column.values.getOrDefault("name", "");
            boolean caseSensitive = column != null && flag(column, "caseSensitive");
            byColumn.put(name.isEmpty() ? field.getName().toLowerCase(java.util.Locale.ROOT)
                    : caseSensitive ? name : name.toLowerCase(java.util.Locale.ROOT), field);
        }
        return byColumn;
    }

    public String insertStatement() {
        return insertStatement;
    }

    public boolean saveNullFields() {
        return saveNullFields;
    }

    /** The consistency from the mapper options, or null for the connection's default. */
    public String consistency() {
        return consistency;
    }

    /** Reads the mapped fields of a record in statement order. */
    public RecordExtractor<T> extractor() {
        return new FieldExtractor<>(type, fieldNames);
    }

    private static boolean flag(ClassFileAnnotations.Annotation a, String name) {
        return Boolean.TRUE.equals(a.values.get(name));
    }

    private static String quote(String name, boolean caseSensitive) {
        return caseSensitive ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }

    private static ClassFileAnnotations.Annotation find(List<ClassFileAnnotations.Annotation> list, String simpleName) {
        if (list != null) {
            for (ClassFileAnnotations.Annotation a : list) {
                if (a.simpleName.equals(simpleName)) {
                    return a;
                }
            }
        }
        return null;
    }

    /** Instance fields in declaration order, superclass fields first; skips static and transient ones. */
    static List<Field> allFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        if (type.getSuperclass() != null && type.getSuperclass() != Object.class) {
            fields.addAll(allFields(type.getSuperclass()));
        }
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()) && !f.isSynthetic()) {
                fields.add(f);
            }
        }
        return fields;
    }

    /** Mapper options as values. */
    private static final class Options {
        Integer ttl;
        Long timestamp;
        String consistency;
        boolean saveNullFields = true;
        boolean ifNotExists;

        static Options of(MapperOptions options) {
            Options o = new Options();
            if (options == null || options.getMapperOptions() == null) {
                return o;
            }
            for (Mapper.Option option : options.getMapperOptions()) {
                switch (option.kind()) {
                    case TTL:
                        o.ttl = (Integer) option.value();
                        break;
                    case TIMESTAMP:
                        o.timestamp = (Long) option.value();
                        break;
                    case CONSISTENCY:
                        o.consistency = (String) option.value();
                        break;
                    case SAVE_NULL_FIELDS:
                        o.saveNullFields = (Boolean) option.value();
                        break;
                    case IF_NOT_EXISTS:
                        o.ifNotExists = (Boolean) option.value();
                        break;
                    default:
                        break;
                }
            }
            return o;
        }
    }

    /** Reads fields reflectively; the Field objects are looked up again after deserialization. */
    private static final class FieldExtractor<T> implements RecordExtractor<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;
        private final List<String> names;
        private transient Field[] fields;

        FieldExtractor(Class<T> type, List<String> names) {
            this.type = type;
            this.names = names;
        }

        @Override
        public Object[] extract(T record) {
            if (fields == null) {
                fields = resolve();
            }
            Object[] values = new Object[fields.length];
            try {
                for (int i = 0; i < fields.length; i++) {
                    values[i] = fields[i].get(record);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot read a field of " + type.getName(), e);
            }
            return values;
        }

        private Field[] resolve() {
            Field[] resolved = new Field[names.size()];
            List<Field> all = allFields(type);
            for (int i = 0; i < resolved.length; i++) {
                for (Field f : all) {
                    if (f.getName().equals(names.get(i))) {
                        f.setAccessible(true);
                        resolved[i] = f;
                    }
                }
            }
            return resolved;
        }
    }
}
