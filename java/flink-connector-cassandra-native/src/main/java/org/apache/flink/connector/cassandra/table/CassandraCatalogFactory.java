package org.apache.flink.connector.cassandra.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code CREATE CATALOG c WITH ('type' = 'cassandra', 'hosts' = '..', 'default-database' = 'ks')}. */
@PublicEvolving
public final class CassandraCatalogFactory implements CatalogFactory {
    public static final ConfigOption<String> DEFAULT_DATABASE = ConfigOptions.key("default-database").stringType()
            .defaultValue("system_schema").withDescription("The keyspace USE-d by default.");

    @Override
    public String factoryIdentifier() {
        return CassandraDynamicTableFactory.IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new HashSet<>();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(new CassandraDynamicTableFactory().optionalOptions());
        options.add(DEFAULT_DATABASE);
        return options;
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper = FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        Map<String, String> options = new HashMap<>(context.getOptions());
        options.remove("type");
        options.remove(DEFAULT_DATABASE.key());
        options.remove("property-version");
        return new CassandraCatalog(context.getName(), helper.getOptions().get(DEFAULT_DATABASE), options);
    }
}
