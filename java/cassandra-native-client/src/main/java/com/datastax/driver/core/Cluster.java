package com.datastax.driver.core;

import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import com.datastax.driver.core.policies.DefaultRetryPolicy;
import com.datastax.driver.core.policies.ExponentialReconnectionPolicy;
import com.datastax.driver.core.policies.FallthroughRetryPolicy;
import com.datastax.driver.core.policies.LoadBalancingPolicy;
import com.datastax.driver.core.policies.ReconnectionPolicy;
import com.datastax.driver.core.policies.RetryPolicy;
import com.datastax.driver.core.policies.TokenAwarePolicy;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.WriterSettings;

import java.io.Closeable;
import java.io.Serializable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connection configuration a {@link ClusterBuilder} produces. Unlike the DataStax driver's
 * class of the same name it holds no connection itself: the native core opens (and shares) the
 * sessions. Its {@link Builder} offers the methods jobs written for the official connector call,
 * with the DataStax 3.x names; see {@code docs/configuration.md}. {@link #connect()} opens a
 * {@link Session} for side queries and {@link #getMetadata()} reads the schema; see {@code
 * docs/datastax-api.md}.
 *
 * <p>{@link #toString()} never shows a password.
 */
@PublicEvolving
public final class Cluster implements Serializable, Closeable {
    private static final long serialVersionUID = 1L;

    private final ConnectionSettings connectionSettings;
    private final WriterSettings writerDefaults;
    private final int fetchSize;
    private final String clusterName;
    /** Sessions opened by {@link #connect}, closed by {@link #close()}; not part of the configuration. */
    private transient Set<Session> sessions;
    private transient boolean closed;

    private Cluster(ConnectionSettings connectionSettings, WriterSettings writerDefaults, int fetchSize, String clusterName) {
        this.connectionSettings = connectionSettings;
        this.writerDefaults = writerDefaults;
        this.fetchSize = fetchSize;
        this.clusterName = clusterName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Internal: what the native session is opened with. */
    public ConnectionSettings connectionSettings() {
        return connectionSettings;
    }

    /** Internal: write defaults from the query options and the retry policy. */
    public WriterSettings writerDefaults() {
        return writerDefaults;
    }

    /** Rows per page for reads ({@link QueryOptions#setFetchSize(int)}). */
    public int fetchSize() {
        return fetchSize;
    }

    /** The name given with {@link Builder#withClusterName(String)} (for logs), or null. */
    public String getClusterName() {
        return clusterName;
    }

    /** Already initialised (connections are made by {@link #connect()}): returns this. */
    public Cluster init() {
        return this;
    }

    /** A session without a keyspace: tables are named {@code keyspace.table}. */
    public Session connect() {
        return connect(null);
    }

    /**
     * A session whose unqualified table names are in {@code keyspace} (a CQL name; double-quote
     * it if it is case-sensitive). Fails at once if the keyspace does not exist.
     */
    public Session connect(String keyspace) {
        synchronized (this) {
            if (closed) {
                throw new CassandraConfigurationException("cluster: closed, cannot connect");
            }
        }
        Session session = new NativeDriverSession(this, connectionSettings, keyspace);
        synchronized (this) {
            sessions().add(session);
        }
        return session;
    }

    /** The schema, read from {@code system_schema} when asked (each call reads it afresh). */
    public Metadata getMetadata() {
        return new Metadata(this);
    }

    private Set<Session> sessions() {
        if (sessions == null) {
            sessions = new LinkedHashSet<>();
        }
        return sessions;
    }

    synchronized void sessionClosed(Session session) {
        sessions().remove(session);
    }

    /** Closes every session {@link #connect()} opened; later connects fail. Idempotent. */
    @Override
    public void close() {
        List<Session> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(sessions());
        }
        for (Session session : open) {
            session.close();
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Cluster{" + (clusterName == null ? "" : "name=" + clusterName + ", ") + connectionSettings + ", "
                + writerDefaults + ", fetchSize=" + fetchSize + '}';
    }

    /**
     * Collects connection settings. Setters reject bad values at once, naming the setting;
     * {@link #build()} checks what spans several settings (at least one contact point).
     */
    public static final class Builder {
        private final ConnectionSettings.Builder connection = ConnectionSettings.builder();
        private final WriterSettings.Builder writer = WriterSettings.builder();
        private RetryPolicy retryPolicy;
        private ReconnectionPolicy reconnectionPolicy;
        private int fetchSize = QueryOptions.DEFAULT_FETCH_SIZE;
        private String clusterName;

        private Builder() {}

        /** A host name or IP address (optionally {@code host:port}, {@code [v6]:port}). */
        public Builder addContactPoint(String address) {
            connection.addContactPoint(address);
            return this;
        }

        public Builder addContactPoint(InetAddress address) {
            if (address == null) {
                throw new CassandraConfigurationException("contact point: must not be null");
            }
            connection.addContactPoint(address.getHostAddress());
            return this;
        }

        public Builder addContactPoints(String... addresses) {
            for (String address : addresses) {
                connection.addContactPoint(address);
            }
            return this;
        }

        public Builder addContactPoints(InetAddress... addresses) {
            for (InetAddress address : addresses) {
                addContactPoint(address);
            }
            return this;
        }

        public Builder addContactPoints(Collection<InetAddress> addresses) {
            for (InetAddress address : addresses) {
                addContactPoint(address);
            }
            return this;
        }

        /** Contact points with their own ports (the port of {@link #withPort} does not apply). */
        public Builder addContactPointsWithPorts(InetSocketAddress... addresses) {
            for (InetSocketAddress address : addresses) {
                addContactPointWithPort(address);
            }
            return this;
        }

        public Builder addContactPointsWithPorts(Collection<InetSocketAddress> addresses) {
            for (InetSocketAddress address : addresses) {
                addContactPointWithPort(address);
            }
            return this;
        }

        private void addContactPointWithPort(InetSocketAddress address) {
            if (address == null) {
                throw new CassandraConfigurationException("contact point: must not be null");
            }
            String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
            boolean v6 = address.getAddress() instanceof Inet6Address || host.indexOf(':') >= 0;
            connection.addContactPoint((v6 ? "[" + host + "]" : host) + ":" + address.getPort());
        }

        /** The native port of every contact point given without one (default 9042). */
        public Builder withPort(int port) {
            connection.port(port);
            return this;
        }

        /** User and password for Cassandra's PasswordAuthenticator. */
        public Builder withCredentials(String username, String password) {
            connection.credentials(username, password);
            return this;
        }

        /** {@link PlainTextAuthProvider} or {@link AuthProvider#NONE}. */
        public Builder withAuthProvider(AuthProvider authProvider) {
            if (authProvider instanceof PlainTextAuthProvider) {
                PlainTextAuthProvider plain = (PlainTextAuthProvider) authProvider;
                connection.credentials(plain.getUsername(), plain.password());
            } else if (authProvider == AuthProvider.NONE) {
                connection.noCredentials();
            } else {
                throw new CassandraConfigurationException(
                        "auth provider: " + (authProvider == null ? "null" : authProvider.getClass().getName())
                                + " is not supported (use PlainTextAuthProvider or AuthProvider.NONE)");
            }
            return this;
        }

        /**
         * How failed writes are retried. Besides {@link DefaultRetryPolicy} and {@link
         * FallthroughRetryPolicy}, the reconnection policies are accepted, as the official
         * connector's examples pass one: {@code new ExponentialReconnectionPolicy(1000, 10000)}
         * retries with backoff from 1 s to 10 s and, unless {@link #withReconnectionPolicy} is
         * called too, also schedules reconnections that way.
         */
        public Builder withRetryPolicy(RetryPolicy policy) {
            if (policy == null) {
                throw new CassandraConfigurationException("retry policy: must not be null");
            }
            this.retryPolicy = policy;
            return this;
        }

        /** The delays between reconnection attempts to a node that went down (default 1 s to 60 s). */
        public Builder withReconnectionPolicy(ReconnectionPolicy policy) {
            if (policy == null) {
                throw new CassandraConfigurationException("reconnection policy: must not be null");
            }
            this.reconnectionPolicy = policy;
            return this;
        }

        /** Connect timeout and read (per-request) timeout. */
        public Builder withSocketOptions(SocketOptions options) {
            connection.connectTimeoutMillis(options.getConnectTimeoutMillis());
            connection.requestTimeoutMillis(options.getReadTimeoutMillis());
            return this;
        }

        /** Consistency, serial consistency, fetch size and idempotence defaults. */
        public Builder withQueryOptions(QueryOptions options) {
            writer.consistency(options.getConsistencyLevel().name());
            writer.serialConsistency(options.getSerialConsistencyLevel().name());
            writer.idempotent(options.getDefaultIdempotence());
            this.fetchSize = options.getFetchSize();
            return this;
        }

        /**
         * Chooses the local datacenter ({@link DCAwareRoundRobinPolicy}, possibly inside a {@link
         * TokenAwarePolicy}). Routing is always token-aware natively.
         */
        public Builder withLoadBalancingPolicy(LoadBalancingPolicy policy) {
            if (policy == null) {
                throw new CassandraConfigurationException("load balancing policy: must not be null");
            }
            connection.localDatacenter(policy.getLocalDatacenter());
            return this;
        }

        /** TLS trusting the JDK's default trust store. */
        public Builder withSSL() {
            return withSSL(SSLOptions.jdkDefaults());
        }

        public Builder withSSL(SSLOptions options) {
            if (options == null) {
                throw new CassandraConfigurationException("SSL options: must not be null");
            }
            connection.tls(options.tlsSettings());
            return this;
        }

        /** NONE (default) or LZ4; SNAPPY is not supported. */
        public Builder withCompression(ProtocolOptions.Compression compression) {
            if (compression == ProtocolOptions.Compression.SNAPPY) {
                throw new CassandraConfigurationException(
                        "compression: SNAPPY is not supported by the native core (use LZ4 or NONE)");
            }
            connection.compression(compression == null ? "none" : compression.name());
            return this;
        }

        /** V4 (default) or V5. */
        public Builder withProtocolVersion(ProtocolVersion version) {
            if (version == null) {
                throw new CassandraConfigurationException("protocol version: must not be null");
            }
            connection.protocolVersion(version.toInt());
            return this;
        }

        /** A name for logs; no effect on the connection. */
        public Builder withClusterName(String name) {
            this.clusterName = name;
            return this;
        }

        /** Accepted for compatibility: the native core exports its counters to Flink metrics instead. */
        public Builder withoutMetrics() {
            return this;
        }

        /** Accepted for compatibility: nothing is reported to JMX. */
        public Builder withoutJMXReporting() {
            return this;
        }

        /**
         * Of the pooling options only the connections per {@link HostDistance#LOCAL} host count
         * (the larger of core and max); see {@link PoolingOptions}.
         */
        public Builder withPoolingOptions(PoolingOptions options) {
            if (options == null) {
                throw new CassandraConfigurationException("pooling options: must not be null");
            }
            int connections = options.localConnections();
            if (connections > 0) {
                connection.connectionsPerNode(connections);
            }
            return this;
        }

        /** Connections per node (default 1; each multiplexes thousands of requests). */
        public Builder withConnectionsPerHost(int connections) {
            connection.connectionsPerNode(connections);
            return this;
        }

        public Cluster build() {
            if (retryPolicy != null) {
                writer.maxRetries(retryPolicy.getMaxRetries());
                if (retryPolicy.getMaxRetries() > 0) {
                    writer.retryDelays(
                            Duration.ofMillis(retryPolicy.getBaseDelayMs()), Duration.ofMillis(retryPolicy.getMaxDelayMs()));
                }
            }
            ReconnectionPolicy reconnection = reconnectionPolicy;
            if (reconnection == null && retryPolicy instanceof ReconnectionPolicy) {
                reconnection = (ReconnectionPolicy) retryPolicy;
            }
            if (reconnection != null) {
                connection.reconnectDelays(reconnection.getBaseDelayMs(), reconnection.getMaxDelayMs());
            }
            return new Cluster(connection.build(), writer.build(), fetchSize, clusterName);
        }
    }
}
