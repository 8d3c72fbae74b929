package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;

import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Encodes rows of bind values for one prepared statement into a {@link RowBuffer}, with encoders
 * resolved once. Errors name the query, the column, the CQL type and the Java type, and show the
 * value only with the {@link ValuePreview#SHOW_VALUES_PROPERTY} debug option; a failed row is
 * removed from the buffer, leaving the rows written before intact. Immutable and thread-safe (the
 * buffer is not).
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class RowEncoder {
    private final String query;
    private final StatementMetadata metadata;
    private final CqlCodec[] codecs;
    private final boolean[] partitionKey;
    private final boolean[] clusteringKey;
    private final String[] qualifiedNames;
    private final String columnList;

    /** An encoder that knows no clustering columns (their nulls are then left to the server). */
    public RowEncoder(String query, StatementMetadata metadata) {
        this(query, metadata, Collections.emptySet());
    }

    /**
     * @param clusteringColumns qualified names ({@code keyspace.table.column}) of clustering
     *     columns: a bound variable of that name rejects null and unset before anything is sent
     */
    public RowEncoder(String query, StatementMetadata metadata, Set<String> clusteringColumns) {
        this.query = query;
        this.metadata = metadata;
        List<ColumnSpec> vars = metadata.variables();
        int n = vars.size();
        this.codecs = new CqlCodec[n];
        this.partitionKey = new boolean[n];
        this.clusteringKey = new boolean[n];
        this.qualifiedNames = new String[n];
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ColumnSpec spec = vars.get(i);
            codecs[i] = CqlCodec.forType(spec.type());
            partitionKey[i] = metadata.isPartitionKey(i);
            qualifiedNames[i] = spec.qualifiedName();
            clusteringKey[i] = clusteringColumns.contains(qualifiedNames[i]);
            if (i > 0) {
                names.append(", ");
            }
            names.append(spec.name());
        }
        this.columnList = names.toString();
    }

    public String query() {
        return query;
    }

    public StatementMetadata metadata() {
        return metadata;
    }

    /**
     * Positions of the values that identify a row: the partition key and the clustering columns
     * known from the schema (only the partition key when the schema could not be read).
     */
    public int[] primaryKeyColumns() {
        int count = 0;
        for (int i = 0; i < codecs.length; i++) {
            if (partitionKey[i] || clusteringKey[i]) {
                count++;
            }
        }
        int[] out = new int[count];
        int next = 0;
        for (int i = 0; i < codecs.length; i++) {
            if (partitionKey[i] || clusteringKey[i]) {
                out[next++] = i;
            }
        }
        return out;
    }

    /** Number of values a row must have. */
    public int arity() {
        return codecs.length;
    }

    /**
     * Appends one row. Values may be null (written as null) or {@link CqlCodec#UNSET}, except for
     * partition-key columns.
     *
     * @throws CassandraInvalidValueException if the row does not fit the statement; {@code out} is
     *     then as it was before the call
     */
    public void encodeRow(Object[] values, RowBuffer out) {
        int n = codecs.length;
        if (values == null || values.length != n) {
            throw new CassandraInvalidValueException(
                    "Query '"
                            + query
                            + "' expects "
                            + n
                            + " values ("
                            + columnList
                            + ") but got "
                            + (values == null ? "null" : String.valueOf(values.length)));
        }
        out.beginRow(n);
        int i = 0;
        try {
            for (; i < n; i++) {
                Object v = values[i];
                if (partitionKey[i] && (v == null || v == CqlCodec.UNSET)) {
                    throw new CassandraInvalidValueException(
                            "Query '"
                                    + query
                                    + "': column "
                                    + qualifiedNames[i]
                                    + " is part of the partition key and cannot be "
                                    + (v == null ? "null" : "unset"));
                }
                if (clusteringKey[i] && (v == null || v == CqlCodec.UNSET)) {
                    throw new CassandraInvalidValueException(
                            "Query '"
                                    + query
                                    + "': column "
                                    + qualifiedNames[i]
                                    + " is part of the clustering key and cannot be "
                                    + (v == null ? "null" : "unset"));
                }
                codecs[i].encode(v, out);
            }
        } catch (CqlEncodeException e) {
            out.abortRow();
            throw new CassandraInvalidValueException(
                    "Cannot write "
                            + ValuePreview.describe(values[i])
                            + " to column "
                            + qualifiedNames[i]
                            + " of CQL type "
                            + codecs[i].type()
                            + " in query '"
                            + query
                            + "': "
                            + e.reason());
        } catch (CassandraInvalidValueException e) {
            out.abortRow();
            if (i < n && !e.getMessage().startsWith("Query '")) {
                throw new CassandraInvalidValueException(
                        "Query '" + query + "', column " + qualifiedNames[i] + ": "
                                + e.getMessage());
            }
            throw e;
        } catch (RuntimeException | Error e) {
            out.abortRow();
            throw e;
        }
    }
}
