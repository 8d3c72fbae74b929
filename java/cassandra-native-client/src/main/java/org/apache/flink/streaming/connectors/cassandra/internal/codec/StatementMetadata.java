package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bound variables, partition-key variable indexes and result columns of a prepared statement,
 * parsed from the blob the native side returns after PREPARE (big-endian):
 *
 * <pre>
 * [u16 n_pk]{[u16 pk_index]}*  [u16 n_vars]{ColSpec}*  [u16 n_result_cols]{ColSpec}*
 * ColSpec = [string keyspace][string table][string name][option type]
 * </pre>
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class StatementMetadata {
    private final int[] partitionKeyIndexes;
    private final boolean[] isPartitionKey;
    private final List<ColumnSpec> variables;
    private final List<ColumnSpec> resultColumns;

    public StatementMetadata(
            int[] partitionKeyIndexes, List<ColumnSpec> variables, List<ColumnSpec> resultColumns) {
        this.partitionKeyIndexes = partitionKeyIndexes.clone();
        this.variables = Collections.unmodifiableList(new ArrayList<>(variables));
        this.resultColumns = Collections.unmodifiableList(new ArrayList<>(resultColumns));
        this.isPartitionKey = new boolean[this.variables.size()];
        for (int idx : this.partitionKeyIndexes) {
            if (idx < 0 || idx >= isPartitionKey.length) {
                throw new IllegalArgumentException(
                        "partition key index "
                                + idx
                                + " is not one of the "
                                + isPartitionKey.length
                                + " variables");
            }
            isPartitionKey[idx] = true;
        }
    }

    /**
     * Parses the metadata blob from {@code in}'s position, advancing it.
     *
     * @throws CassandraConnectorException (code INTERNAL) if the blob is malformed
     */
    public static StatementMetadata parse(ByteBuffer in) {
        ByteBuffer b = in.duplicate().order(ByteOrder.BIG_ENDIAN);
        try {
            int nPk = b.getShort() & 0xFFFF;
            int[] pk = new int[nPk];
            for (int i = 0; i < nPk; i++) {
                pk[i] = b.getShort() & 0xFFFF;
            }
            List<ColumnSpec> vars = readSpecs(b);
            List<ColumnSpec> results = readSpecs(b);
            StatementMetadata m = new StatementMetadata(pk, vars, results);
            in.position(b.position());
            return m;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.INTERNAL,
                    "Malformed prepared statement metadata: " + e,
                    e);
        }
    }

    /**
     * Reads one {@code [u16 n]{ColSpec}*} list (as in a query result) and advances {@code in}.
     */
    public static List<ColumnSpec> readColumns(ByteBuffer in) {
        ByteBuffer b = in.duplicate().order(ByteOrder.BIG_ENDIAN);
        try {
            List<ColumnSpec> columns = readSpecs(b);
            in.position(b.position());
            return columns;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.INTERNAL, "Malformed result metadata: " + e, e);
        }
    }

    private static List<ColumnSpec> readSpecs(ByteBuffer b) {
        int n = b.getShort() & 0xFFFF;
        List<ColumnSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String ks = CqlType.readString(b);
            String table = CqlType.readString(b);
            String name = CqlType.readString(b);
            specs.add(new ColumnSpec(ks, table, name, CqlType.read(b)));
        }
        return specs;
    }

    /** Serializes this metadata in the layout {@link #parse} reads (useful for tests and stubs). */
    public byte[] toBytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer two = ByteBuffer.allocate(2);
        writeU16(out, two, partitionKeyIndexes.length);
        for (int idx : partitionKeyIndexes) {
            writeU16(out, two, idx);
        }
        writeSpecs(out, two, variables);
        writeSpecs(out, two, resultColumns);
        return out.toByteArray();
    }

    private static void writeSpecs(
            java.io.ByteArrayOutputStream out, ByteBuffer two, List<ColumnSpec> specs) {
        writeU16(out, two, specs.size());
        for (ColumnSpec s : specs) {
            writeString(out, two, s.keyspace());
            writeString(out, two, s.table());
            writeString(out, two, s.name());
            byte[] t = s.type().toOptionBytes();
            out.write(t, 0, t.length);
        }
    }

    private static void writeU16(java.io.ByteArrayOutputStream out, ByteBuffer two, int v) {
        two.clear();
        two.putShort((short) v);
        out.write(two.array(), 0, 2);
    }

    private static void writeString(java.io.ByteArrayOutputStream out, ByteBuffer two, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeU16(out, two, b.length);
        out.write(b, 0, b.length);
    }

    /** The bound variables, in bind order. */
    public List<ColumnSpec> variables() {
        return variables;
    }

    /** The result columns (empty for statements that return no rows). */
    public List<ColumnSpec> resultColumns() {
        return resultColumns;
    }

    /** Indexes of the variables that make up the partition key, in partition key order. */
    public int[] partitionKeyIndexes() {
        return partitionKeyIndexes.clone();
    }

    /** Whether the variable at {@code varIndex} is (part of) the partition key. */
    public boolean isPartitionKey(int varIndex) {
        return varIndex >= 0 && varIndex < isPartitionKey.length && isPartitionKey[varIndex];
    }

    /** The types of the bound variables. */
    public List<CqlType> variableTypes() {
        return types(variables);
    }

    /** The types of the result columns. */
    public List<CqlType> resultTypes() {
        return types(resultColumns);
    }

    private static List<CqlType> types(List<ColumnSpec> specs) {
        List<CqlType> l = new ArrayList<>(specs.size());
        for (ColumnSpec s : specs) {
            l.add(s.type());
        }
        return Collections.unmodifiableList(l);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StatementMetadata{variables=").append(variables);
        sb.append(", partitionKey=[");
        for (int i = 0; i < partitionKeyIndexes.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(partitionKeyIndexes[i]);
        }
        return sb.append("], resultColumns=").append(resultColumns).append('}').toString();
    }
}
