package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SinkOptionsTest {

    /** Every option set away from its default. */
    private static SinkOptions allSet() {
        return new SinkOptions()
                .maxConcurrentRequests(7, Duration.ofSeconds(3))
                .batchRows(11)
                .linger(Duration.ofMillis(13))
                .maxRetries(2)
                .idempotent(false)
                .serverSideTimestamps(true)
                .flushTimeout(Duration.ofSeconds(17))
                .consistency("LOCAL_QUORUM")
                .maxRowsPerSecond(19)
                .maxBytesPerSecond(23)
                .batchGrouping(BatchGrouping.PARTITION)
                .batchGroupLimits(29, 31)
                .ignoreNullFields(true);
    }

    @Test
    void copyHoldsEveryField() throws Exception {
        SinkOptions original = allSet();
        SinkOptions copy = original.copy();
        assertThat(copy).isNotSameAs(original);
        for (Field field : SinkOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            assertThat(field.get(copy)).as(field.getName()).isEqualTo(field.get(original));
        }
    }

    @Test
    void copyIsIndependentOfLaterChanges() {
        SinkOptions original = allSet();
        SinkOptions copy = original.copy();
        original.batchRows(500).batchGrouping(BatchGrouping.NONE).consistency("ONE").ignoreNullFields(false);
        assertThat(copy.batchRows()).isEqualTo(11);
        assertThat(copy.batchGrouping()).isEqualTo(BatchGrouping.PARTITION);
        assertThat(copy.consistency()).isEqualTo("LOCAL_QUORUM");
        assertThat(copy.ignoreNullFields()).isTrue();
    }
}
