package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraSinkBaseConfigTest {

    @Test
    void officialDefaultsKeepTheWritersBoundedDefaults() {
        SinkOptions options = CassandraSinkBaseConfig.newBuilder().build().toSinkOptions();
        assertThat(options.maxConcurrentRequests()).isNull();
        assertThat(options.maxWait()).isNull();
        assertThat(options.ignoreNullFields()).isFalse();
    }

    @Test
    void settingsBecomeWriterOptions() {
        SinkOptions options = CassandraSinkBaseConfig.newBuilder()
                .setMaxConcurrentRequests(8)
                .setMaxConcurrentRequestsTimeout(Duration.ofSeconds(5))
                .setIgnoreNullFields(true)
                .build()
                .toSinkOptions();
        assertThat(options.maxConcurrentRequests()).isEqualTo(8);
        assertThat(options.maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.ignoreNullFields()).isTrue();
    }

    @Test
    void aTimeoutAloneKeepsTheDefaultBoundAndZeroBecomesTheSmallestWait() {
        SinkOptions options = CassandraSinkBaseConfig.newBuilder()
                .setMaxConcurrentRequestsTimeout(Duration.ZERO)
                .build()
                .toSinkOptions();
        assertThat(options.maxConcurrentRequests()).isEqualTo(WriterSettings.DEFAULT_MAX_CONCURRENT_REQUESTS);
        assertThat(options.maxWait()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void invalidSettingsAreRejectedNamingThem() {
        assertThatThrownBy(() -> CassandraSinkBaseConfig.newBuilder().setMaxConcurrentRequests(0).build())
                .hasMessageContaining("max concurrent requests must be positive, got 0");
        assertThatThrownBy(() -> CassandraSinkBaseConfig.newBuilder()
                        .setMaxConcurrentRequestsTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("timeout must not be negative");
    }
}
