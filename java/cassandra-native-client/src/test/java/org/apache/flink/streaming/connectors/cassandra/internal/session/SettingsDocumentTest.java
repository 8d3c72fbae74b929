package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeContract;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeTesting;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings documents Java writes are what Rust reads: Java owns the defaults, Rust requires
 * every field, so a field written on one side only is an error, never a second default.
 */
class SettingsDocumentTest {

    @Test
    void theDocumentsJavaWritesAreAccepted() {
        ConnectionSettings plain = ConnectionSettings.builder().addContactPoint("127.0.0.1").build();
        ConnectionSettings full = ConnectionSettings.builder()
                .addContactPoint("127.0.0.1")
                .port(9142)
                .credentials("user", "secret")
                .requestTimeoutMillis(3_000)
                .compression("lz4")
                .tls(new TlsSettings(Collections.emptyList(), false, null))
                .build();
        NativeTesting.parseSettings("connection", plain.toJson());
        NativeTesting.parseSettings("connection", full.toJson());

        NativeTesting.parseSettings("writer", WriterSettings.defaults().toJson());
        NativeTesting.parseSettings("writer", WriterSettings.builder()
                .maxConcurrentRequests(8)
                .serialConsistency("LOCAL_SERIAL")
                .flushTimeout(Duration.ofSeconds(30))
                .build()
                .toJson());
        NativeTesting.parseSettings("writer", WriterSettings.builder()
                .batchGrouping(NativeContract.BATCH_GROUPING_REPLICA_SET, 10, 2_000, new int[] {0, 2})
                .build()
                .toJson());
    }

    @Test
    void aMissingFieldIsRejectedNamingIt() {
        String writer = WriterSettings.defaults().toJson();
        assertThat(writer).contains("\"maxRetries\":3,");
        assertThatThrownBy(() -> NativeTesting.parseSettings("writer", writer.replace("\"maxRetries\":3,", "")))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("missing field `maxRetries`");

        String connection = ConnectionSettings.builder().addContactPoint("h").build().toJson();
        assertThat(connection).contains("\"localDatacenter\":null,");
        assertThatThrownBy(() ->
                        NativeTesting.parseSettings("connection", connection.replace("\"localDatacenter\":null,", "")))
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("missing field `localDatacenter`");
    }
}
