package org.apache.flink.connector.cassandra.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.cassandra.table.internal.CqlTableSchema;
import org.apache.flink.connector.cassandra.table.internal.CqlTypeMapping;
import org.apache.flink.connector.cassandra.table.internal.TableConnection;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only catalog of one Cassandra cluster ({@code CREATE CATALOG c WITH ('type' =
 * 'cassandra', 'hosts' = '..')}): keyspaces are databases, tables are tables with their columns
 * (types as in docs/sql.md) and primary key, so {@code SELECT * FROM c.ks.t} and {@code INSERT
 * INTO c.ks.t ..} need no {@code CREATE TABLE}. The tables carry the catalog's connection options.
 * Creating, altering and dropping keyspaces and tables is not supported (yet): use CQL.
 */
@PublicEvolving
public class CassandraCatalog extends AbstractCatalog {
    private static final List<String> SYSTEM_KEYSPACES = java.util.Arrays.asList(
            "system", "system_schema", "system_auth", "system_distributed", "system_traces", "system_views",
            "system_virtual_schema", "system_cluster_metadata");

    private final Map<String, String> connectionOptions;
    private final TableConnection connection;
    private NativeSession session;

    /**
     * @param connectionOptions the table options every table of the catalog gets (hosts, port,
     *     username, password, ...)
     */
    public CassandraCatalog(String name, String defaultDatabase, Map<String, String> connectionOptions) {
        super(name, defaultDatabase);
        this.connectionOptions = new HashMap<>(connectionOptions);
        this.connection = TableConnection.of(Configuration.fromMap(connectionOptions), "LOCAL_ONE");
    }

    @Override
    public void open() throws CatalogException {
        try {
            session = NativeSession.open(connection.getCluster().connectionSettings());
        } catch (RuntimeException e) {
            throw new CatalogException("Cassandra catalog '" + getName() + "' cannot connect (" + connection + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws CatalogException {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private List<String> strings(String cql) {
        List<String> out = new ArrayList<>();
        for (Object[] row : session.execute(cql).rows()) {
            out.add((String) row[0]);
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public List<String> listDatabases() {
        List<String> all = strings("SELECT keyspace_name FROM system_schema.keyspaces");
        all.removeAll(SYSTEM_KEYSPACES);
        return all;
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return new CatalogDatabaseImpl(Collections.emptyMap(), "Cassandra keyspace " + databaseName);
    }

    @Override
    public boolean databaseExists(String databaseName) {
        return !session.execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = "
                + literal(databaseName)).rows().isEmpty();
    }

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return strings("SELECT table_name FROM system_schema.tables WHERE keyspace_name = " + literal(databaseName));
    }

    @Override
    public List<String> listViews(String databaseName) {
        return Collections.emptyList();
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        if (!tableExists(path)) {
            throw new TableNotExistException(getName(), path);
        }
        CqlTableSchema cql = CqlTableSchema.read(session, path.getDatabaseName(), path.getObjectName());
        Schema.Builder schema = Schema.newBuilder();
        List<String> key = cql.primaryKey();
        for (Map.Entry<String, CqlType> column : cql.columns().entrySet()) {
            org.apache.flink.table.types.DataType type = CqlTypeMapping.toFlink(column.getValue());
            schema.column(column.getKey(), key.contains(column.getKey()) ? type.notNull() : type);
        }
        schema.primaryKey(key);
        Map<String, String> options = new HashMap<>(connectionOptions);
        options.put("connector", CassandraDynamicTableFactory.IDENTIFIER);
        options.put("keyspace", path.getDatabaseName());
        options.put("table", path.getObjectName());
        return CatalogTable.newBuilder().schema(schema.build()).comment("Cassandra table " + cql.name())
                .options(options).build();
    }

    @Override
    public boolean tableExists(ObjectPath path) {
        return !session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = "
                + literal(path.getDatabaseName()) + " AND table_name = " + literal(path.getObjectName())).rows().isEmpty();
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("The Cassandra catalog '" + getName()
                + "' is read-only: create, alter and drop keyspaces and tables with CQL.");
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists) {
        throw readOnly();
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade) {
        throw readOnly();
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists) {
        throw readOnly();
    }

    @Override
    public void alterTable(ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath) {
        return Collections.emptyList();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
        return Collections.emptyList();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(ObjectPath tablePath, List<Expression> filters) {
        return Collections.emptyList();
    }

    @Override
    public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
        return false;
    }

    @Override
    public void createPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, CatalogPartition partition,
            boolean ignoreIfExists) {
        throw readOnly();
    }

    @Override
    public void dropPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void alterPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec, CatalogPartition newPartition,
            boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public List<String> listFunctions(String dbName) {
        return Collections.emptyList();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath functionPath) throws FunctionNotExistException {
        throw new FunctionNotExistException(getName(), functionPath);
    }

    @Override
    public boolean functionExists(ObjectPath functionPath) {
        return false;
    }

    @Override
    public void createFunction(ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists) {
        throw readOnly();
    }

    @Override
    public void alterFunction(ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath tablePath) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void alterTableColumnStatistics(ObjectPath tablePath, CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void alterPartitionStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec,
            CatalogTableStatistics partitionStatistics, boolean ignoreIfNotExists) {
        throw readOnly();
    }

    @Override
    public void alterPartitionColumnStatistics(ObjectPath tablePath, CatalogPartitionSpec partitionSpec,
            CatalogColumnStatistics columnStatistics, boolean ignoreIfNotExists) {
        throw readOnly();
    }
}
