package org.apache.flink.connector.cassandra.table.internal;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.ProtocolOptions;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.SSLOptions;
import com.datastax.driver.core.SocketOptions;
import com.datastax.driver.core.policies.DCAwareRoundRobinPolicy;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.table.api.ValidationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.flink.connector.cassandra.table.CassandraConnectorOptions.*;

/**
 * The connection of a table or catalog, built from its options (or delegated to a user's {@code
 * cluster-builder-class}). Serializable into the job graph; passwords never appear in {@link
 * #toString()}.
 */
@Internal
public final class TableConnection extends ClusterBuilder {
    private static final long serialVersionUID = 1L;
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(10_000);

    private final List<String> hosts;
    private final int port;
    private final String username;
    private final String password;
    private final String localDatacenter;
    private final boolean ssl;
    private final String trustStorePath;
    private final String trustStorePassword;
    private final String keyStorePath;
    private final String keyStorePassword;
    private final boolean hostnameVerification;
    private final long connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private final Integer protocolVersion;
    private final String compression;
    private final String consistency;
    private final int fetchSize;
    private final String clusterBuilderClass;

    private TableConnection(ReadableConfig options, String consistency) {
        this.clusterBuilderClass = options.getOptional(CLUSTER_BUILDER_CLASS).orElse(null);
        String hostList = options.getOptional(HOSTS).orElse(null);
        if (clusterBuilderClass == null && (hostList == null || hostList.trim().isEmpty())) {
            throw new ValidationException("Option 'hosts' is required (or 'cluster-builder-class').");
        }
        this.hosts = new ArrayList<>();
        if (hostList != null) {
            for (String host : hostList.split(",")) {
                if (!host.trim().isEmpty()) {
                    hosts.add(host.trim());
                }
            }
        }
        this.port = options.get(PORT);
        if (port < 1 || port > 65535) {
            throw new ValidationException("Option 'port' must be between 1 and 65535, got " + port + ".");
        }
        this.username = options.getOptional(USERNAME).orElse(null);
        this.password = options.getOptional(PASSWORD).orElse(null);
        if (password != null && username == null) {
            throw new ValidationException("Option 'password' needs 'username'.");
        }
        this.localDatacenter = options.getOptional(LOCAL_DATACENTER).orElse(null);
        this.ssl = options.get(SSL_ENABLED);
        this.trustStorePath = options.getOptional(SSL_TRUSTSTORE_PATH).orElse(null);
        this.trustStorePassword = options.getOptional(SSL_TRUSTSTORE_PASSWORD).orElse(null);
        this.keyStorePath = options.getOptional(SSL_KEYSTORE_PATH).orElse(null);
        this.keyStorePassword = options.getOptional(SSL_KEYSTORE_PASSWORD).orElse(null);
        storeType("ssl.truststore.type", options.get(SSL_TRUSTSTORE_TYPE));
        storeType("ssl.keystore.type", options.get(SSL_KEYSTORE_TYPE));
        this.hostnameVerification = options.get(SSL_HOSTNAME_VERIFICATION);
        this.connectTimeoutMillis = positive("connect-timeout", options.get(CONNECT_TIMEOUT));
        this.requestTimeoutMillis = positive("request-timeout",
                options.getOptional(REQUEST_TIMEOUT).orElse(DEFAULT_READ_TIMEOUT));
        this.protocolVersion = options.getOptional(PROTOCOL_VERSION).orElse(null);
        if (protocolVersion != null && protocolVersion != 4 && protocolVersion != 5) {
            throw new ValidationException("Option 'protocol-version' must be 4 or 5, got " + protocolVersion + ".");
        }
        this.compression = options.get(COMPRESSION).toUpperCase(Locale.ROOT);
        if (!compression.equals("NONE") && !compression.equals("LZ4")) {
            throw new ValidationException("Option 'compression' must be NONE or LZ4, got '" + options.get(COMPRESSION) + "'.");
        }
        this.consistency = consistencyLevel(consistency);
        this.fetchSize = options.get(SCAN_PAGE_SIZE);
        if (fetchSize < 1) {
            throw new ValidationException("Option 'scan.page-size' must be at least 1, got " + fetchSize + ".");
        }
    }

    /** The connection of a table or catalog; {@code consistency} is the default of its requests. */
    public static TableConnection of(ReadableConfig options, String consistency) {
        return new TableConnection(options, consistency);
    }

    /** Checks a consistency level name; returns it upper-case. */
    public static String consistencyLevel(String name) {
        try {
            return ConsistencyLevel.valueOf(name.trim().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Unknown consistency level '" + name + "' (e.g. ONE, LOCAL_ONE, QUORUM, LOCAL_QUORUM, ALL).");
        }
    }

    private static void storeType(String key, String type) {
        String t = type.toUpperCase(Locale.ROOT);
        if (!t.equals("JKS") && !t.equals("PKCS12")) {
            throw new ValidationException("Option '" + key + "' must be JKS or PKCS12, got '" + type + "'.");
        }
    }

    private static long positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ValidationException("Option '" + key + "' must be positive, got " + d + ".");
        }
        return d.toMillis();
    }

    public String consistency() {
        return consistency;
    }

    @Override
    public Cluster getCluster() {
        if (clusterBuilderClass == null) {
            return super.getCluster();
        }
        ClusterBuilder user;
        try {
            Class<?> type = Class.forName(clusterBuilderClass, true, Thread.currentThread().getContextClassLoader());
            user = (ClusterBuilder) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ValidationException("Option 'cluster-builder-class': cannot create '" + clusterBuilderClass
                    + "' (a ClusterBuilder subclass with a public no-argument constructor is needed): " + e, e);
        }
        return user.getCluster();
    }

    @Override
    protected Cluster buildCluster(Cluster.Builder builder) {
        for (String host : hosts) {
            builder.addContactPoint(host);
        }
        builder.withPort(port);
        if (username != null) {
            builder.withCredentials(username, password == null ? "" : password);
        }
        if (localDatacenter != null) {
            builder.withLoadBalancingPolicy(DCAwareRoundRobinPolicy.builder().withLocalDc(localDatacenter).build());
        }
        if (ssl) {
            SSLOptions.Builder tls = SSLOptions.builder().withHostnameVerification(hostnameVerification);
            if (trustStorePath != null) {
                tls.withTrustStore(trustStorePath, trustStorePassword);
            }
            if (keyStorePath != null) {
                tls.withKeyStore(keyStorePath, keyStorePassword);
            }
            builder.withSSL(tls.build());
        }
        builder.withSocketOptions(new SocketOptions()
                .setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .setReadTimeoutMillis((int) Math.min(Integer.MAX_VALUE, requestTimeoutMillis)));
        if (protocolVersion != null) {
            builder.withProtocolVersion(protocolVersion == 5 ? ProtocolVersion.V5 : ProtocolVersion.V4);
        }
        builder.withCompression(ProtocolOptions.Compression.valueOf(compression));
        builder.withQueryOptions(new QueryOptions()
                .setConsistencyLevel(ConsistencyLevel.valueOf(consistency))
                .setFetchSize(fetchSize));
        return builder.build();
    }

    /** Everything but secrets. */
    @Override
    public String toString() {
        if (clusterBuilderClass != null) {
            return "cluster-builder-class=" + clusterBuilderClass;
        }
        return "hosts=" + hosts + ", port=" + port + (username == null ? "" : ", username=" + username + ", password=***")
                + (localDatacenter == null ? "" : ", local-datacenter=" + localDatacenter)
                + (ssl ? ", ssl" : "") + ", consistency=" + consistency;
    }
}
