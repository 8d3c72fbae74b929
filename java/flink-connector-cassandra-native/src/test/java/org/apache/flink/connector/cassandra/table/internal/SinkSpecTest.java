package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.cassandra.table.CassandraDynamicTableFactory;
import org.apache.flink.streaming.connectors.cassandra.BatchGrouping;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the factory hands the sink (no server needed: the schema is checked when the job starts). */
class SinkSpecTest {
    static CassandraDynamicSink sink(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "cassandra");
        options.put("hosts", "127.0.0.1");
        options.put("keyspace", "ks");
        options.put("table", "t");
        options.putAll(extra);
        ResolvedSchema schema = ResolvedSchema.of(Arrays.asList(
                Column.physical("id", DataTypes.INT()), Column.physical("v", DataTypes.STRING())));
        CatalogTable table = CatalogTable.newBuilder().schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                .options(options).build();
        return (CassandraDynamicSink) FactoryUtil.createDynamicTableSink(new CassandraDynamicTableFactory(),
                ObjectIdentifier.of("c", "d", "t"), new ResolvedCatalogTable(table, schema), Collections.emptyMap(),
                new Configuration(), SinkSpecTest.class.getClassLoader(), true);
    }

    /** One place turns nulls into unset: the write plan's record encoder, so the plan must carry the option. */
    @Test
    void ignoreNullFieldsIsTheWritePlansSetting() {
        assertThat(sink(Collections.singletonMap("sink.ignore-null-fields", "true")).spec().options.ignoreNullFields())
                .isTrue();
        assertThat(sink(Collections.emptyMap()).spec().options.ignoreNullFields()).isFalse();
    }

    /** sink.batch.grouping and its limits reach the write plan's options, like setBatchGrouping. */
    @Test
    void batchGroupingOptionsAreTheWritePlansSettings() {
        SinkOptions defaults = sink(Collections.emptyMap()).spec().options;
        assertThat(defaults.batchGrouping()).isEqualTo(BatchGrouping.NONE);
        assertThat(defaults.groupMaxRows()).isEqualTo(WriterSettings.DEFAULT_BATCH_MAX_ROWS);
        assertThat(defaults.groupMaxBytes()).isEqualTo(WriterSettings.DEFAULT_BATCH_MAX_BYTES);

        Map<String, String> partition = new HashMap<>();
        partition.put("sink.batch.grouping", "Partition");
        partition.put("sink.batch.grouping.max-rows", "8");
        partition.put("sink.batch.grouping.max-bytes", "1 kb");
        SinkOptions options = sink(partition).spec().options;
        assertThat(options.batchGrouping()).isEqualTo(BatchGrouping.PARTITION);
        assertThat(options.groupMaxRows()).isEqualTo(8);
        assertThat(options.groupMaxBytes()).isEqualTo(1024);

        assertThat(sink(Collections.singletonMap("sink.batch.grouping", "REPLICA-SET")).spec().options.batchGrouping())
                .isEqualTo(BatchGrouping.REPLICA_SET);
        assertThat(sink(Collections.singletonMap("sink.batch.grouping", "none")).spec().options.batchGrouping())
                .isEqualTo(BatchGrouping.NONE);
    }

    @Test
    void aBadGroupingNamesTheOptionAndTheAllowedValues() {
        assertThatThrownBy(() -> sink(Collections.singletonMap("sink.batch.grouping", "replica_sets")))
                .hasRootCauseInstanceOf(ValidationException.class)
                .hasRootCauseMessage("Option 'sink.batch.grouping' must be 'none', 'partition' or 'replica-set', "
                        + "got 'replica_sets'.");
        assertThatThrownBy(() -> sink(Collections.singletonMap("sink.batch.grouping.max-rows", "0")))
                .hasRootCauseInstanceOf(ValidationException.class)
                .hasRootCauseMessage("Option 'sink.batch.grouping.max-rows' must be 1 to 32767 (rows of one batch), got 0.");
        assertThatThrownBy(() -> sink(Collections.singletonMap("sink.batch.grouping.max-bytes", "3 gb")))
                .hasRootCauseInstanceOf(ValidationException.class)
                .hasStackTraceContaining("Option 'sink.batch.grouping.max-bytes' must be 1 byte to 2147483647 bytes");
    }
}
