package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidQueryException;
import org.apache.flink.streaming.connectors.cassandra.CassandraUnavailableException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JNI guard: native errors and panics arrive as Java exceptions and the JVM goes on. */
class NativeBridgeTest {

    @Test
    void nativeErrorsBecomeTypedJavaExceptionsWithTheRustMessage() {
        assertThatThrownBy(() -> NativeTesting.raiseError("INVALID_QUERY", "no table ks.missing"))
                .isInstanceOf(CassandraInvalidQueryException.class)
                .hasMessage("no table ks.missing");
        assertThatThrownBy(() -> NativeTesting.raiseError("UNAVAILABLE", "2 replicas needed"))
                .isInstanceOf(CassandraUnavailableException.class)
                .satisfies(e -> assertThat(((CassandraConnectorException) e).isTransient()).isTrue());
    }

    @Test
    void panicsBecomeInternalExceptionsAndTheJvmSurvives() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> NativeTesting.panic("deliberate panic"))
                    .isInstanceOf(CassandraConnectorException.class)
                    .hasMessageContaining("native panic")
                    .hasMessageContaining("deliberate panic")
                    .satisfies(e -> assertThat(((CassandraConnectorException) e).getCode())
                            .isEqualTo(CassandraConnectorException.Code.INTERNAL));
        }
        // The library still works after the panics.
        assertThat(NativeLibrary.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void nativeLogRecordsReachSlf4jWithTheirLevels() throws Exception {
        try (RecordingAppender appender = RecordingAppender.install()) {
            NativeLogging.refreshLevel();
            NativeTesting.log(2, "warn from rust", false);
            NativeTesting.log(4, "debug from a native thread", true);
            NativeTesting.log(5, "trace is below the configured level", false);
            assertThat(appender.events)
                    .contains(
                            "WARN cassandra_flink_native.testing warn from rust",
                            "DEBUG cassandra_flink_native.testing debug from a native thread")
                    .noneMatch(e -> e.contains("trace is below"));
        }
    }

    @Test
    void platformNamesAreNormalised() {
        assertThat(NativeLibrary.normalizeOs("Linux")).isEqualTo("linux");
        assertThat(NativeLibrary.normalizeOs("Mac OS X")).isEqualTo("osx");
        assertThat(NativeLibrary.normalizeOs("Windows 11")).isEqualTo("windows");
        assertThat(NativeLibrary.normalizeArch("amd64")).isEqualTo("x86_64");
        assertThat(NativeLibrary.normalizeArch("arm64")).isEqualTo("aarch64");
        assertThat(NativeLibrary.bundledPlatforms()).contains(NativeLibrary.platform());
    }
}
