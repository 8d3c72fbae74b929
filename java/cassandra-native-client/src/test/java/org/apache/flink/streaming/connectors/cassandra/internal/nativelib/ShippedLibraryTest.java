package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the jar ships: the library that {@code target/classes} (and so the jar) holds exports the
 * connector's JNI functions and no test-only entry point, and the test-only Java class is not
 * among the main classes.
 */
class ShippedLibraryTest {
    private static final String JNI_PREFIX = "Java_org_apache_flink_streaming_connectors_cassandra_";

    @Test
    void theShippedLibraryExportsNoTestingSymbol() throws Exception {
        Path library = Paths.get("target", "classes", "native", NativeLibrary.platform(), NativeLibrary.libraryFileName());
        assertThat(library).exists();
        List<String> exported = dynamicSymbols(library);

        assertThat(exported)
                .as("the connector's entry points (so that the check below reads the right table)")
                .contains("JNI_OnLoad", "JNI_OnUnload", JNI_PREFIX + "internal_session_NativeSession_open");
        assertThat(exported)
                .filteredOn(s -> s.startsWith("Java_"))
                .allMatch(s -> s.startsWith(JNI_PREFIX))
                .noneMatch(s -> s.contains("NativeTesting"));
    }

    @Test
    void theTestOnlyClassIsNotAMainClass() {
        Path mainClass = Paths.get("target", "classes",
                NativeTesting.class.getName().replace('.', '/') + ".class");
        assertThat(mainClass).doesNotExist();
    }

    /** The names of the defined dynamic symbols, as {@code nm -D --defined-only} lists them. */
    private static List<String> dynamicSymbols(Path library) throws IOException, InterruptedException {
        Process nm = new ProcessBuilder("nm", "-D", "--defined-only", library.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(nm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(nm.exitValue()).as("nm (binutils) failed: %s", output).isZero();
        List<String> names = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3) {
                names.add(fields[2]);
            }
        }
        return names;
    }

}
