package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one CQL statement on exactly one node (plain text, no authentication), with nothing but the
 * JDK. Tests use it where the answer must come from a given node: node-local virtual tables such
 * as {@code system_views.coordinator_write_latency}, or a statement coordinated by that node.
 *
 * <p>Decodes the simple CQL types (text, ascii, int, bigint, counter, boolean, double, float,
 * timestamp as epoch millis, uuid, timeuuid, inet); other columns come back as raw bytes.
 */
public final class CqlQuery {

    private static final byte OPCODE_ERROR = 0x00;
    private static final byte OPCODE_STARTUP = 0x01;
    private static final byte OPCODE_READY = 0x02;
    private static final byte OPCODE_QUERY = 0x07;
    private static final byte OPCODE_RESULT = 0x08;
    private static final int RESULT_ROWS = 2;
    private static final int MAX_BODY = 64 << 20;

    private CqlQuery() {}

    /** Executes {@code cql} at consistency ONE on the node {@code host:port}; see below. */
    public static List<Map<String, Object>> execute(String host, int port, int timeoutMillis, String cql)
            throws IOException {
        return execute(host, port, timeoutMillis, cql, "ONE");
    }

    /**
     * Executes {@code cql} on the node {@code host:port} (which coordinates it) at {@code
     * consistency} (ONE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM).
     *
     * @return the rows, each a map from column name to value (null for a null cell); empty for a
     *     statement that returns no rows
     * @throws IOException when the node is unreachable, times out or answers with an error (its
     *     message included)
     */
    public static List<Map<String, Object>> execute(
            String host, int port, int timeoutMillis, String cql, String consistency) throws IOException {
        int level = consistencyCode(consistency);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream b = new DataOutputStream(body);
            b.writeShort(1);
            CqlProbe.writeString(b, "CQL_VERSION");
            CqlProbe.writeString(b, "3.0.0");
            CqlProbe.writeFrame(out, 1, OPCODE_STARTUP, body.toByteArray());
            ByteBuffer ready = readFrame(in, OPCODE_READY, cql);
            if (ready == null) {
                throw new IOException("Unexpected answer to STARTUP from " + host + ":" + port);
            }
            body.reset();
            byte[] query = cql.getBytes(StandardCharsets.UTF_8);
            b.writeInt(query.length);
            b.write(query);
            b.writeShort(level);
            b.writeByte(0); // no flags
            CqlProbe.writeFrame(out, 2, OPCODE_QUERY, body.toByteArray());
            ByteBuffer result = readFrame(in, OPCODE_RESULT, cql);
            return rows(result);
        }
    }

    private static int consistencyCode(String name) {
        switch (name) {
            case "ONE":
                return 0x0001;
            case "TWO":
                return 0x0002;
            case "THREE":
                return 0x0003;
            case "QUORUM":
                return 0x0004;
            case "ALL":
                return 0x0005;
            case "LOCAL_QUORUM":
                return 0x0006;
            case "LOCAL_ONE":
                return 0x000A;
            default:
                throw new IllegalArgumentException("Unsupported consistency " + name);
        }
    }

    /** Reads one frame; throws with the server's message for an ERROR frame. */
    private static ByteBuffer readFrame(DataInputStream in, byte expected, String cql) throws IOException {
        byte[] header = new byte[9];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 5, 4).getInt();
        if ((header[0] & 0xFF) != 0x84 || length < 0 || length > MAX_BODY) {
            throw new IOException("Unexpected response header for " + cql);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        ByteBuffer body = ByteBuffer.wrap(bytes);
        if (header[4] == OPCODE_ERROR) {
            int code = body.getInt();
            throw new IOException("Error 0x" + Integer.toHexString(code) + " for " + cql + ": " + string(body));
        }
        if (header[4] != expected) {
            throw new IOException("Unexpected opcode 0x" + Integer.toHexString(header[4]) + " for " + cql);
        }
        return body;
    }

    private static List<Map<String, Object>> rows(ByteBuffer body) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (body.getInt() != RESULT_ROWS) {
            return rows;
        }
        int flags = body.getInt();
        int columns = body.getInt();
        if ((flags & 0x0002) != 0) {
            bytes(body); // paging state: only the first page is read
        }
        boolean globalSpec = (flags & 0x0001) != 0;
        if (globalSpec) {
            string(body);
            string(body);
        }
        List<String> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            if (!globalSpec) {
                string(body);
                string(body);
            }
            names.add(string(body));
            types.add(option(body));
        }
        int count = body.getInt();
        for (int r = 0; r < count; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < columns; c++) {
                byte[] value = bytes(body);
                row.put(names.get(c), value == null ? null : decode(types.get(c), value));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Reads a type option and returns its id (the parameters of collections are skipped). */
    private static int option(ByteBuffer body) throws IOException {
        int id = body.getShort() & 0xFFFF;
        switch (id) {
            case 0x0000:
                string(body);
                break;
            case 0x0020:
            case 0x0022:
                option(body);
                break;
            case 0x0021:
                option(body);
                option(body);
                break;
            case 0x0030:
            case 0x0031:
                throw new IOException("CqlQuery does not decode UDT or tuple columns");
            default:
                break;
        }
        return id;
    }

    private static Object decode(int type, byte[] v) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(v);
        switch (type) {
            case 0x0001:
            case 0x000D:
                return new String(v, StandardCharsets.UTF_8);
            case 0x0002:
            case 0x0005:
                return b.getLong();
            case 0x000B:
                return b.getLong();
            case 0x0009:
                return b.getInt();
            case 0x0004:
                return v[0] != 0;
            case 0x0007:
                return b.getDouble();
            case 0x0008:
                return b.getFloat();
            case 0x000C:
            case 0x000F:
                return new UUID(b.getLong(), b.getLong());
            case 0x0010:
                return InetAddress.getByAddress(v);
            default:
                return v;
        }
    }

    private static String string(ByteBuffer body) {
        int length = body.getShort() & 0xFFFF;
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }
}
