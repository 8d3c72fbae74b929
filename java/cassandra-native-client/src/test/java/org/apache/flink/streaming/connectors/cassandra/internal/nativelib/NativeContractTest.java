package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.CassandraNativeLibraryException;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both sides of the JNI contract declare the same constants ({@code wire.rs} and NativeContract). */
class NativeContractTest {
    /** Raised by the loader and by the Java encoder, never by native code. */
    private static final Set<String> JAVA_ONLY_CODES = new TreeSet<>(Arrays.asList("NATIVE_LIBRARY", "INVALID_VALUE"));

    @Test
    void everyJavaConstantEqualsTheLibrarysAndNoneIsMissingOnEitherSide() throws Exception {
        NativeLibrary.load();
        Map<String, String> rust = parse(NativeLibrary.contract());
        Map<String, String> java = new LinkedHashMap<>();
        for (Field field : NativeContract.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && Modifier.isPublic(modifiers)) {
                java.put(field.getName(), String.valueOf(field.get(null)));
            }
        }
        assertThat(java).hasSizeGreaterThan(20);
        Map<String, String> rustNumbers = new LinkedHashMap<>(rust);
        rustNumbers.remove("ERROR_CODES");
        // One comparison of the whole maps: a failure names every constant that differs.
        assertThat(java).containsExactlyInAnyOrderEntriesOf(rustNumbers);
    }

    @Test
    void nativeErrorCodesAreTheJavaCodesExceptTheJavaOnlyOnes() {
        NativeLibrary.load();
        Set<String> rust = new TreeSet<>(Arrays.asList(parse(NativeLibrary.contract()).get("ERROR_CODES").split(",")));
        Set<String> java = Arrays.stream(CassandraConnectorException.Code.values())
                .map(Enum::name)
                .filter(name -> !JAVA_ONLY_CODES.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(rust).isEqualTo(java);
    }

    @Test
    void theLoadedLibrarySpeaksThisVersion() {
        NativeLibrary.load();
        assertThat(NativeLibrary.abiVersion()).isEqualTo(NativeContract.ABI_VERSION);
    }

    @Test
    void aMismatchedVersionFailsNamingBothVersionsAndTheLibrary() {
        assertThatThrownBy(() -> NativeLibrary.checkAbiVersion(7, 8, "/tmp/libx.so"))
                .isInstanceOf(CassandraNativeLibraryException.class)
                .hasMessageContaining("version 7")
                .hasMessageContaining("version 8")
                .hasMessageContaining("/tmp/libx.so");
    }

    private static Map<String, String> parse(String contract) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : contract.split("\n")) {
            if (!line.isEmpty()) {
                int eq = line.indexOf('=');
                assertThat(out.put(line.substring(0, eq), line.substring(eq + 1))).as(line).isNull();
            }
        }
        return out;
    }
}
