package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.util.JsonWriter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Everything the native side needs to open a session, validated on construction and sent across
 * JNI as one JSON document. Equal settings share one native session. {@link #toString()} never
 * shows the password.
 *
 * <p>Internal: users configure connections through {@code ClusterBuilder}.
 */
@Internal
public final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_PORT = 9042;

    private final List<String> contactPoints;
    private final int port;
    private final String username;
    private final String password;
    private final long connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private final int protocolVersion;
    private final String compression;
    private final String localDatacenter;
    private final int connectionsPerNode;
    private final long reconnectBaseDelayMillis;
    private final long reconnectMaxDelayMillis;
    private final TlsSettings tls;
    private final String keyspace;

    private ConnectionSettings(Builder b) {
        this.contactPoints = Collections.unmodifiableList(new ArrayList<>(b.contactPoints));
        this.port = b.port;
        this.username = b.username;
        this.password = b.password;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.requestTimeoutMillis = b.requestTimeoutMillis;
        this.protocolVersion = b.protocolVersion;
        this.compression = b.compression;
        this.localDatacenter = b.localDatacenter;
        this.connectionsPerNode = b.connectionsPerNode;
        this.reconnectBaseDelayMillis = b.reconnectBaseDelayMillis;
        this.reconnectMaxDelayMillis = b.reconnectMaxDelayMillis;
        this.tls = b.tls;
        this.keyspace = b.keyspace;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> contactPoints() {
        return contactPoints;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public TlsSettings tls() {
        return tls;
    }

    /** Whether a password is set (it is never exposed). */
    public boolean hasPassword() {
        return password != null;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public String compression() {
        return compression;
    }

    /** The preferred datacenter, or null. */
    public String localDatacenter() {
        return localDatacenter;
    }

    public int connectionsPerNode() {
        return connectionsPerNode;
    }

    public long reconnectBaseDelayMillis() {
        return reconnectBaseDelayMillis;
    }

    public long reconnectMaxDelayMillis() {
        return reconnectMaxDelayMillis;
    }

    /** The keyspace every connection of the session is switched to ({@code USE}), or null. */
    public String keyspace() {
        return keyspace;
    }

    /**
     * These settings with every connection switched to {@code keyspace} (a CQL name, quoted if
     * case-sensitive; null: none). A different keyspace means a different native session, so a
     * session of one keyspace never changes another's.
     */
    public ConnectionSettings withKeyspace(String keyspace) {
        Builder b = new Builder();
        b.contactPoints.addAll(contactPoints);
        b.port = port;
        b.username = username;
        b.password = password;
        b.connectTimeoutMillis = connectTimeoutMillis;
        b.requestTimeoutMillis = requestTimeoutMillis;
        b.protocolVersion = protocolVersion;
        b.compression = compression;
        b.localDatacenter = localDatacenter;
        b.connectionsPerNode = connectionsPerNode;
        b.reconnectBaseDelayMillis = reconnectBaseDelayMillis;
        b.reconnectMaxDelayMillis = reconnectMaxDelayMillis;
        b.tls = tls;
        return b.keyspace(keyspace).build();
    }

    /** The document the native side parses (serde, camelCase field names, every field present). */
    public String toJson() {
        return new JsonWriter()
                .field("contactPoints", contactPoints)
                .field("port", port)
                .field("username", username)
                .field("password", password)
                .field("connectTimeoutMillis", connectTimeoutMillis)
                .field("requestTimeoutMillis", requestTimeoutMillis)
                .field("protocolVersion", protocolVersion)
                .field("compression", compression)
                .field("localDatacenter", localDatacenter)
                .field("connectionsPerNode", connectionsPerNode)
                .field("reconnectBaseDelayMillis", reconnectBaseDelayMillis)
                .field("reconnectMaxDelayMillis", reconnectMaxDelayMillis)
                .object("tls", tls == null ? null : tls.toJsonWriter())
                .field("keyspace", keyspace)
                .toJson();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSettings && toJson().equals(((ConnectionSettings) o).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "ConnectionSettings{contactPoints="
                + contactPoints
                + ", port="
                + port
                + ", username="
                + (username == null ? "none" : username)
                + ", password="
                + (password == null ? "none" : "****")
                + ", connectTimeoutMs="
                + connectTimeoutMillis
                + ", requestTimeoutMs="
                + requestTimeoutMillis
                + ", protocolVersion="
                + protocolVersion
                + ", compression="
                + compression
                + ", localDatacenter="
                + localDatacenter
                + ", connectionsPerNode="
                + connectionsPerNode
                + ", reconnectDelayMs="
                + reconnectBaseDelayMillis
                + ".."
                + reconnectMaxDelayMillis
                + ", tls="
                + tls
                + (keyspace == null ? "" : ", keyspace=" + keyspace)
                + '}';
    }

    /** Validating builder: each setter names the setting it rejects. */
    public static final class Builder {
        private final List<String> contactPoints = new ArrayList<>();
        private int port = DEFAULT_PORT;
        private String username;
        private String password;
        private long connectTimeoutMillis = 5_000;
        private long requestTimeoutMillis = 12_000;
        private int protocolVersion = 4;
        private String compression = "none";
        private String localDatacenter;
        private int connectionsPerNode = 1;
        private long reconnectBaseDelayMillis = 1_000;
        private long reconnectMaxDelayMillis = 60_000;
        private TlsSettings tls;
        private String keyspace;

        private Builder() {}

        public Builder addContactPoint(String hostOrHostPort) {
            if (hostOrHostPort == null || hostOrHostPort.trim().isEmpty()) {
                throw new CassandraConfigurationException("contact point: must not be empty");
            }
            contactPoints.add(hostOrHostPort.trim());
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new CassandraConfigurationException(
                        "port: " + port + " is out of range (1 to 65535)");
            }
            this.port = port;
            return this;
        }

        /** Removes user name and password (no authentication). */
        public Builder noCredentials() {
            this.username = null;
            this.password = null;
            return this;
        }

        public Builder credentials(String username, String password) {
            if (username == null || username.isEmpty()) {
                throw new CassandraConfigurationException("credentials: the user name must not be empty");
            }
            this.username = username;
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder connectTimeoutMillis(long millis) {
            this.connectTimeoutMillis = positive("connect timeout", millis);
            return this;
        }

        public Builder requestTimeoutMillis(long millis) {
            this.requestTimeoutMillis = positive("request (read) timeout", millis);
            return this;
        }

        public Builder protocolVersion(int version) {
            if (version != 4 && version != 5) {
                throw new CassandraConfigurationException(
                        "protocol version: " + version + " is not supported (use 4 or 5)");
            }
            this.protocolVersion = version;
            return this;
        }

        public Builder compression(String compression) {
            String c = compression == null ? "none" : compression.toLowerCase(java.util.Locale.ROOT);
            if (!c.equals("none") && !c.equals("lz4")) {
                throw new CassandraConfigurationException(
                        "compression: '" + compression + "' is not supported (use NONE or LZ4)");
            }
            this.compression = c;
            return this;
        }

        public Builder localDatacenter(String dc) {
            if (dc != null && dc.trim().isEmpty()) {
                throw new CassandraConfigurationException("local datacenter: must not be empty when set");
            }
            this.localDatacenter = dc == null ? null : dc.trim();
            return this;
        }

        public Builder connectionsPerNode(int n) {
            this.connectionsPerNode = (int) positive("connections per node", n);
            return this;
        }

        public Builder reconnectDelays(long baseMillis, long maxMillis) {
            positive("reconnection base delay", baseMillis);
            if (maxMillis < baseMillis) {
                throw new CassandraConfigurationException(
                        "reconnection policy: max delay " + maxMillis + " ms is below the base delay " + baseMillis + " ms");
            }
            this.reconnectBaseDelayMillis = baseMillis;
            this.reconnectMaxDelayMillis = maxMillis;
            return this;
        }

        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /** A plain or double-quoted CQL name; null for none. */
        public Builder keyspace(String keyspace) {
            if (keyspace != null && !keyspace.matches("\\w+|\"([^\"]|\"\")+\"")) {
                throw new CassandraConfigurationException("keyspace: '" + keyspace
                        + "' is not a keyspace name (letters, digits and underscores, or a double-quoted name)");
            }
            this.keyspace = keyspace;
            return this;
        }

        public ConnectionSettings build() {
            if (contactPoints.isEmpty()) {
                throw new CassandraConfigurationException(
                        "contact points: at least one contact point is required (addContactPoint)");
            }
            return new ConnectionSettings(this);
        }

        private static long positive(String what, long value) {
            if (value <= 0) {
                throw new CassandraConfigurationException(what + ": must be positive, got " + value);
            }
            return value;
        }
    }
}
