package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.PlainTextAuthProvider;
import com.datastax.driver.core.SSLOptions;
import com.datastax.driver.core.SocketOptions;
import com.datastax.driver.core.policies.ConstantReconnectionPolicy;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real Cassandra with PasswordAuthenticator and client encryption (a self-signed certificate
 * made with keytool at test time, SAN IP:127.0.0.1 and DNS:localhost) that requires client
 * certificates (mutual TLS).
 */
class SecureConnectionITCase {
    private static final String STORE_PASSWORD = "store-pass-123";
    private static final String USER_PASSWORD = CassandraTestServer.SUPERUSER_PASSWORD;

    private static Path dir;
    private static Path trustStore;
    private static Path otherTrustStore;
    private static Path clientKeyStore;
    private static CassandraTestServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Paths.get("target", "cassandra-secure").toAbsolutePath();
        Path certs = dir.resolve("certs");
        Files.createDirectories(certs);
        Path serverStore = certs.resolve("server.p12");
        trustStore = certs.resolve("trust.jks");
        otherTrustStore = certs.resolve("other.p12");
        for (Path p : Arrays.asList(serverStore, trustStore, otherTrustStore, certs.resolve("server.crt"))) {
            Files.deleteIfExists(p);
        }
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore", serverStore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "server", "-keystore", serverStore.toString(),
                "-storepass", STORE_PASSWORD, "-file", certs.resolve("server.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "cassandra", "-file", certs.resolve("server.crt").toString(),
                "-keystore", trustStore.toString(), "-storetype", "JKS", "-storepass", STORE_PASSWORD);
        keytool("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore", otherTrustStore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        // mutual TLS: the server trusts the client's certificate (and its own, for its start-up probe)
        clientKeyStore = certs.resolve("client.p12");
        Path serverTrust = certs.resolve("server-trust.jks");
        for (Path p : Arrays.asList(clientKeyStore, serverTrust, certs.resolve("client.crt"))) {
            Files.deleteIfExists(p);
        }
        keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=flink-client", "-keystore", clientKeyStore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "client", "-keystore", clientKeyStore.toString(),
                "-storepass", STORE_PASSWORD, "-file", certs.resolve("client.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", certs.resolve("client.crt").toString(),
                "-keystore", serverTrust.toString(), "-storetype", "JKS", "-storepass", STORE_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certs.resolve("server.crt").toString(),
                "-keystore", serverTrust.toString(), "-storetype", "JKS", "-storepass", STORE_PASSWORD);
        server = CassandraTestServer.builder()
                .dataDir(dir.resolve("node"))
                .heapMb(768)
                .passwordAuthenticator(true)
                .clientEncryption(serverStore, STORE_PASSWORD)
                .requireClientAuth(serverTrust, STORE_PASSWORD)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static Cluster.Builder base(Path trust) {
        return Cluster.builder()
                .addContactPoint(server.host())
                .withPort(server.nativePort())
                .withSocketOptions(new SocketOptions().setConnectTimeoutMillis(15_000))
                .withSSL(SSLOptions.builder()
                        .withTrustStore(trust.toString(), STORE_PASSWORD)
                        .withKeyStore(clientKeyStore.toString(), STORE_PASSWORD)
                        .withHostnameVerification(true)
                        .build());
    }

    @Test
    void rightCredentialsAndTrustStoreConnect() {
        Cluster cluster = base(trustStore).withCredentials(CassandraTestServer.SUPERUSER, USER_PASSWORD).build();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings())) {
            assertThat(session.execute("SELECT release_version FROM system.local").singleValue())
                    .asString()
                    .startsWith("5.0");
        }
    }

    @Test
    void plainTextAuthProviderWorksLikeCredentials() {
        Cluster cluster = base(trustStore)
                .withAuthProvider(new PlainTextAuthProvider(CassandraTestServer.SUPERUSER, USER_PASSWORD))
                .withSSL(SSLOptions.builder().withTrustStore(trustStore.toString(), STORE_PASSWORD)
                        .withKeyStore(clientKeyStore.toString(), STORE_PASSWORD)
                        .withHostnameVerification(false).build())
                .build();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings())) {
            assertThat(session.execute("SELECT count(*) FROM system.local").singleValue()).isEqualTo(1L);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorNamingTheUserButNotThePassword() {
        String wrong = "not-the-password-42";
        // A reconnection delay far beyond the bound below: a session that retried the refused login
        // would take minutes, so the bound tells "no retry" from "retried" on any machine load.
        Cluster cluster = base(trustStore)
                .withCredentials(CassandraTestServer.SUPERUSER, wrong)
                .withReconnectionPolicy(new ConstantReconnectionPolicy(300_000))
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> NativeSession.open(cluster.connectionSettings()))
                .isInstanceOf(CassandraAuthenticationException.class)
                .hasMessageContaining("'" + CassandraTestServer.SUPERUSER + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        assertThat((System.nanoTime() - start) / 1_000_000).as("fails without waiting for a reconnection").isLessThan(120_000);
        assertThat(cluster.toString()).doesNotContain(wrong);
        assertThat(cluster.connectionSettings().toString()).doesNotContain(wrong);
    }

    @Test
    void noCredentialsAgainstPasswordAuthenticatorIsAnAuthenticationError() {
        assertThatThrownBy(() -> NativeSession.open(base(trustStore).build().connectionSettings()))
                .isInstanceOf(CassandraConnectorException.class)
                .hasMessageContaining("authenticat");
    }

    @Test
    void withoutAClientCertificateTheServerRefusesTheConnection() {
        Cluster cluster = Cluster.builder()
                .addContactPoint(server.host())
                .withPort(server.nativePort())
                .withSocketOptions(new SocketOptions().setConnectTimeoutMillis(15_000))
                .withCredentials(CassandraTestServer.SUPERUSER, USER_PASSWORD)
                .withSSL(SSLOptions.builder().withTrustStore(trustStore.toString(), STORE_PASSWORD).build())
                .build();
        assertThat(cluster.connectionSettings().tls().hasClientCertificate()).isFalse();
        assertThatThrownBy(() -> NativeSession.open(cluster.connectionSettings()))
                .isInstanceOf(CassandraConnectionException.class)
                .hasMessageContaining("TLS");
    }

    @Test
    void anUntrustedServerCertificateFailsNamingTls() {
        Cluster cluster = base(otherTrustStore).withCredentials(CassandraTestServer.SUPERUSER, USER_PASSWORD).build();
        assertThatThrownBy(() -> NativeSession.open(cluster.connectionSettings()))
                .isInstanceOf(CassandraConnectionException.class)
                .hasMessageContaining("TLS")
                .hasMessageContaining("certificate");
    }

    /**
     * An invalid server name used to fall back to "localhost", which the test certificate (like
     * many default self-signed ones) names: the connection succeeded without checking the name
     * the user gave. It is a configuration error naming the setting and the value.
     */
    @Test
    void anInvalidServerNameIsAConfigurationErrorNotAFallbackToLocalhost() {
        Cluster cluster = Cluster.builder()
                .addContactPoint(server.host())
                .withPort(server.nativePort())
                .withCredentials(CassandraTestServer.SUPERUSER, USER_PASSWORD)
                .withSSL(SSLOptions.builder()
                        .withTrustStore(trustStore.toString(), STORE_PASSWORD)
                        .withKeyStore(clientKeyStore.toString(), STORE_PASSWORD)
                        .withHostnameVerification(true)
                        .withServerName("not a host!")
                        .build())
                .build();
        assertThatThrownBy(() -> NativeSession.open(cluster.connectionSettings()).close())
                .isInstanceOf(CassandraConfigurationException.class)
                .hasMessageContaining("serverName")
                .hasMessageContaining("'not a host!'");
    }
}
