package com.datastax.driver.core;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.TlsSettings;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import java.io.File;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * TLS for the CQL connection. The native core speaks TLS with rustls; the certificates come from
 * Java key stores (JKS or PKCS12, detected from the file), read when {@link Builder#build()} runs:
 *
 * <pre>{@code
 * SSLOptions ssl = SSLOptions.builder()
 *         .withTrustStore("/etc/cassandra/truststore.p12", "changeit")   // the servers' CA or certificates
 *         .withKeyStore("/etc/cassandra/client.p12", "changeit")         // optional: mutual TLS
 *         .withHostnameVerification(true)
 *         .build();
 * builder.withSSL(ssl);
 * }</pre>
 *
 * <p>Without a trust store the JDK's default trust (cacerts or {@code javax.net.ssl.trustStore})
 * is used. With hostname verification the server certificate must name the host of the first
 * contact point (or {@link Builder#withServerName(String)}), for every node. Passwords are used
 * to read the stores and are not kept.
 */
@PublicEvolving
public class SSLOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TlsSettings tls;

    SSLOptions(TlsSettings tls) {
        this.tls = tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JDK's default trust store, with hostname verification. */
    public static SSLOptions jdkDefaults() {
        return builder().build();
    }

    /** Internal: what crosses to the native core. */
    public TlsSettings tlsSettings() {
        return tls;
    }

    @Override
    public String toString() {
        return "SSLOptions{" + tls + '}';
    }

    /** Builder of {@link SSLOptions}. */
    public static class Builder {
        private String trustStorePath;
        private char[] trustStorePassword;
        private String keyStorePath;
        private char[] keyStorePassword;
        private boolean hostnameVerification = true;
        private String serverName;

        Builder() {}

        /** The certificates (or CAs) to trust; a JKS or PKCS12 file. */
        public Builder withTrustStore(String path, String password) {
            this.trustStorePath = requirePath("trust store", path);
            this.trustStorePassword = password == null ? null : password.toCharArray();
            return this;
        }

        /** The client certificate and its private key for mutual TLS; a JKS or PKCS12 file. */
        public Builder withKeyStore(String path, String password) {
            this.keyStorePath = requirePath("key store", path);
            this.keyStorePassword = password == null ? new char[0] : password.toCharArray();
            return this;
        }

        /** Whether the server certificate must match the host name (default true). */
        public Builder withHostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /** The name the server certificates are checked against (default: first contact point). */
        public Builder withServerName(String name) {
            this.serverName = name;
            return this;
        }

        /** Reads the stores; fails naming the store that cannot be read. */
        public SSLOptions build() {
            return new SSLOptions(settings());
        }

        TlsSettings settings() {
            List<String> trusted = trustStorePath == null ? jdkTrust() : trustedCertificates();
            List<String> chain = Collections.emptyList();
            String key = null;
            if (keyStorePath != null) {
                KeyStore store = load("key store", keyStorePath, keyStorePassword);
                try {
                    for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                        String alias = aliases.nextElement();
                        if (!store.isKeyEntry(alias)) {
                            continue;
                        }
                        Key k = store.getKey(alias, keyStorePassword);
                        Certificate[] certs = store.getCertificateChain(alias);
                        if (k instanceof PrivateKey && certs != null && "PKCS#8".equals(k.getFormat())) {
                            List<String> hex = new ArrayList<>();
                            for (Certificate c : certs) {
                                hex.add(hex(c.getEncoded()));
                            }
                            chain = hex;
                            key = hex(k.getEncoded());
                            break;
                        }
                    }
                } catch (GeneralSecurityException e) {
                    throw new CassandraConfigurationException(
                            "SSL key store '" + keyStorePath + "': cannot read the private key: " + e.getMessage(), e);
                }
                if (key == null) {
                    throw new CassandraConfigurationException(
                            "SSL key store '" + keyStorePath + "': holds no private key with a certificate chain");
                }
            }
            return new TlsSettings(trusted, hostnameVerification, serverName, chain, key);
        }

        private List<String> trustedCertificates() {
            KeyStore store = load("trust store", trustStorePath, trustStorePassword);
            List<String> hex = new ArrayList<>();
            try {
                for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                    String alias = aliases.nextElement();
                    Certificate c = store.getCertificate(alias);
                    if (c != null) {
                        hex.add(hex(c.getEncoded()));
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new CassandraConfigurationException(
                        "SSL trust store '" + trustStorePath + "': cannot read its certificates: " + e.getMessage(), e);
            }
            if (hex.isEmpty()) {
                throw new CassandraConfigurationException(
                        "SSL trust store '" + trustStorePath + "': holds no certificate");
            }
            return hex;
        }

        private static List<String> jdkTrust() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                List<String> hex = new ArrayList<>();
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager) {
                        for (X509Certificate c : ((X509TrustManager) manager).getAcceptedIssuers()) {
                            hex.add(hex(c.getEncoded()));
                        }
                    }
                }
                return hex;
            } catch (GeneralSecurityException e) {
                throw new CassandraConfigurationException("SSL: cannot read the JDK's default trust store: " + e.getMessage(), e);
            }
        }

        private static KeyStore load(String what, String path, char[] password) {
            File file = new File(path);
            if (!file.canRead()) {
                throw new CassandraConfigurationException(
                        "SSL " + what + " '" + path + "': " + (file.exists() ? "not readable" : "no such file"));
            }
            try {
                return KeyStore.getInstance(file, password);
            } catch (Exception e) {
                throw new CassandraConfigurationException(
                        "SSL " + what + " '" + path + "': cannot be read as JKS or PKCS12 (wrong password or format?): "
                                + e.getMessage(),
                        e);
            }
        }

        private static String requirePath(String what, String path) {
            if (path == null || path.trim().isEmpty()) {
                throw new CassandraConfigurationException("SSL " + what + ": the path must not be empty");
            }
            return path;
        }
    }

    static String hex(byte[] bytes) {
        char[] digits = "0123456789abcdef".toCharArray();
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = digits[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = digits[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
