package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.PendingQuery;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One lookup: {@code SELECT <columns> FROM t WHERE k1 = ? AND ..} for the join key (the full
 * primary key, or the partition key with a clustering prefix), all result pages, with retries.
 * Shared by the synchronous (blocking, on the task thread) and the asynchronous (native, see
 * {@link #lookupAsync}) lookup functions.
 */
@Internal
final class CassandraLookupFunction implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CassandraLookupFunction.class);

    private final TableConnection connection;
    private final String keyspace;
    private final String table;
    private final List<String> columns;
    private final List<LogicalType> types;
    private final List<String> keys;
    private final List<LogicalType> keyTypes;
    private final int maxRetries;
    private final int pageSize;
    private transient NativeSession session;
    private transient NativeStatement statement;
    private transient CqlTypeMapping.Converter[] keyConverters;
    private transient RowData.FieldGetter[] keyGetters;
    private transient RowConverters converters;

    CassandraLookupFunction(TableConnection connection, String keyspace, String table, List<String> columns,
            List<LogicalType> types, List<String> keys, List<LogicalType> keyTypes, int maxRetries, int pageSize) {
        this.connection = connection;
        this.keyspace = keyspace;
        this.table = table;
        this.columns = columns;
        this.types = types;
        this.keys = keys;
        this.keyTypes = keyTypes;
        this.maxRetries = maxRetries;
        this.pageSize = pageSize;
    }

    String cql() {
        List<String> quoted = new ArrayList<>();
        for (String c : columns) {
            quoted.add(ReadMetadata.selector(c));
        }
        StringBuilder cql = new StringBuilder("SELECT ").append(String.join(", ", quoted)).append(" FROM ")
                .append(CqlTableSchema.quote(keyspace)).append('.').append(CqlTableSchema.quote(table)).append(" WHERE ");
        for (int i = 0; i < keys.size(); i++) {
            cql.append(i == 0 ? "" : " AND ").append(CqlTableSchema.quote(keys.get(i))).append(" = ?");
        }
        return cql.toString();
    }

    void open() {
        session = NativeSession.open(connection.getCluster().connectionSettings());
        CqlTableSchema schema = CqlTableSchema.read(session, keyspace, table);
        keyConverters = new CqlTypeMapping.Converter[keys.size()];
        keyGetters = new RowData.FieldGetter[keys.size()];
        for (int i = 0; i < keyConverters.length; i++) {
            keyConverters[i] = CqlTypeMapping.toCql(keys.get(i), keyTypes.get(i), schema.type(keys.get(i)));
            keyGetters[i] = RowData.createFieldGetter(keyTypes.get(i), i);
        }
        converters = new RowConverters(schema, columns, types, columns);
        statement = session.prepare(cql());
    }

    /** The key's bind values, or null when a key field is null (it joins nothing, as SQL equality). */
    Object[] keyValues(RowData keyRow) {
        Object[] values = new Object[keyConverters.length];
        for (int i = 0; i < values.length; i++) {
            Object v = keyGetters[i].getFieldOrNull(keyRow);
            if (v == null) {
                return null;
            }
            values[i] = keyConverters[i].convert(v);
        }
        return values;
    }

    /** Starts the lookup of {@code values} on the native runtime: all pages, transient failures retried there. */
    PendingQuery lookupAsync(Object[] values) {
        RowBuffer bind = new RowBuffer(256);
        statement.encoder().encodeRow(values, bind);
        return statement.executeAsync(bind, connection.consistency(), pageSize, maxRetries);
    }

    /** The rows of an answer, as the declared columns. */
    Collection<RowData> rows(QueryResult result) {
        List<RowData> rows = new ArrayList<>(result.rows().size());
        for (Object[] cells : result.rows()) {
            rows.add(converters.convert(cells));
        }
        return rows;
    }

    /** A blocking lookup (the synchronous variant), a page at a time, with retries. */
    Collection<RowData> lookup(RowData keyRow) {
        Object[] values = keyValues(keyRow);
        if (values == null) {
            return new ArrayList<>();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                List<RowData> rows = new ArrayList<>();
                byte[] paging = null;
                do {
                    RowBuffer bind = new RowBuffer(256);
                    statement.encoder().encodeRow(values, bind);
                    QueryResult page = statement.executePage(bind, connection.consistency(), pageSize, paging);
                    for (Object[] cells : page.rows()) {
                        rows.add(converters.convert(cells));
                    }
                    paging = page.pagingState();
                } while (paging != null);
                return rows;
            } catch (RuntimeException e) {
                if (attempt >= maxRetries) {
                    throw e;
                }
                LOG.warn("Lookup in {}.{} failed (attempt {} of {}), retrying: {}", keyspace, table, attempt + 1,
                        maxRetries + 1, e.getMessage());
            }
        }
    }

    void close() {
        if (statement != null) {
            statement.close();
            statement = null;
        }
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
