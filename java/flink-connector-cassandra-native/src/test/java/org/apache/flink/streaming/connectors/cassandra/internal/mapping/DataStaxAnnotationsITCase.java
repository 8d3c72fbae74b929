package org.apache.flink.streaming.connectors.cassandra.internal.mapping;

import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RowBatcher;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordExtractor;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POJO annotated for the official connector (the DataStax mapper's {@code @Table}, {@code
 * @Column}, {@code @Transient}) keeps its mapping without the driver on the class path: this jar
 * carries annotations of the same names. The POJO is compiled here against separately compiled
 * copies of the driver's annotations, then loaded beside this jar.
 */
class DataStaxAnnotationsITCase {
    private static final String ANNOTATIONS = "com.datastax.driver.mapping.annotations";

    @TempDir
    Path dir;

    @Test
    void mappingAndWritesWorkWithoutTheDriverAtRunTime() throws Exception {
        String table = CassandraTestSupport.createTable("ds_users", "user_id int PRIMARY KEY, name text, \"Age\" int");
        String keyspaceTable = table.substring(table.indexOf('.') + 1);
        Path annotationClasses = compile("annotations", null,
                source(ANNOTATIONS, "Table", "@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.TYPE) "
                        + "public @interface Table { String keyspace() default \"\"; String name(); "
                        + "boolean caseSensitiveKeyspace() default false; boolean caseSensitiveTable() default false; }"),
                source(ANNOTATIONS, "Column", "@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.FIELD) "
                        + "public @interface Column { String name() default \"\"; boolean caseSensitive() default false; }"),
                source(ANNOTATIONS, "Transient", "@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.FIELD) "
                        + "public @interface Transient { }"));
        Path pojoClasses = compile("pojo", annotationClasses, new String[] {"example/DsUser.java",
                "package example;\n"
                        + "import " + ANNOTATIONS + ".Column;\n"
                        + "import " + ANNOTATIONS + ".Table;\n"
                        + "import " + ANNOTATIONS + ".Transient;\n"
                        + "@Table(keyspace = \"" + CassandraTestSupport.KEYSPACE + "\", name = \"" + keyspaceTable + "\")\n"
                        + "public class DsUser {\n"
                        + "  @Column(name = \"user_id\") public int id;\n"
                        + "  public String name;\n"
                        + "  @Column(name = \"Age\", caseSensitive = true) public int age;\n"
                        + "  @Transient public String note;\n"
                        + "  public DsUser() {}\n"
                        + "}\n"});

        try (URLClassLoader loader = new URLClassLoader(new URL[] {pojoClasses.toUri().toURL()},
                DataStaxAnnotationsITCase.class.getClassLoader())) {
            Class<?> pojo = loader.loadClass("example.DsUser");
            // compiled against the driver's annotations, the POJO resolves them to this jar's own
            // classes of the same names: no driver on the class path is needed
            assertThat(pojo.getAnnotations()).hasSize(1);
            assertThat(pojo.getAnnotations()[0].annotationType())
                    .isSameAs(com.datastax.driver.mapping.annotations.Table.class);

            PojoMapping<?> mapping = PojoMapping.of(pojo, null, null);
            assertThat(mapping.insertStatement())
                    .isEqualTo("INSERT INTO " + table + " (user_id, name, \"Age\") VALUES (?, ?, ?)");

            write(mapping, pojo, table);
        }
        assertThat(CassandraTestSupport.rows("SELECT name, \"Age\" FROM " + table + " WHERE user_id = 7").get(0))
                .containsExactly("seven", 77);
        assertThat(CassandraTestSupport.count(table)).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    private static <T> void write(PojoMapping<T> mapping, Class<?> pojo, String table) throws Exception {
        RecordExtractor<T> extractor = mapping.extractor();
        CassandraFailureHandler failOnError = failure -> {
            throw new IOException(failure);
        };
        try (RowBatcher writer = RowBatcher.open(CassandraTestSupport.clusterBuilder().getCluster(),
                mapping.insertStatement(), null, new SinkOptions(), failOnError)) {
            for (int id : new int[] {7, 8}) {
                Object user = pojo.getConstructor().newInstance();
                pojo.getField("id").set(user, id);
                pojo.getField("name").set(user, id == 7 ? "seven" : "eight");
                pojo.getField("age").set(user, id * 11);
                pojo.getField("note").set(user, "not written");
                writer.add(extractor.extract((T) user));
            }
            writer.flush();
        }
    }

    private static String[] source(String pkg, String name, String body) {
        return new String[] {pkg.replace('.', '/') + "/" + name + ".java",
                "package " + pkg + ";\nimport java.lang.annotation.*;\n" + body + "\n"};
    }

    /** Compiles sources ({path, text} pairs) into a new directory; returns it. */
    private Path compile(String name, Path classPath, String[]... sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path out = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none"));
        if (classPath != null) {
            args.add("-classpath");
            args.add(classPath.toString());
        }
        for (String[] source : sources) {
            Path file = src.resolve(source[0]);
            Files.createDirectories(file.getParent());
            Files.write(file, source[1].getBytes(StandardCharsets.UTF_8));
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (javax.tools) is needed to compile the test classes").isNotNull();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(new String[0]));
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        return out;
    }
}
