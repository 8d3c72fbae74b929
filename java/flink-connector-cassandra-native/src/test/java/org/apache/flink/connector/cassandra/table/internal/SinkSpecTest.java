package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.cassandra.table.CassandraDynamicTableFactory;
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
}
