package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.internal.session.TlsSettings;

import javax.net.ssl.SSLContext;

import java.security.NoSuchAlgorithmException;

/**
 * TLS options under the DataStax 3.x name. The native core speaks TLS with rustls, so it needs
 * the trusted certificates themselves, which an {@link SSLContext} does not expose: {@link
 * Builder#withSSLContext} accepts only the JDK's default context ({@code SSLContext.getDefault()},
 * i.e. the JDK trust store or {@code javax.net.ssl.trustStore}); for your own stores use {@link
 * Builder#withTrustStore} and {@link Builder#withKeyStore} (as on {@link SSLOptions.Builder}).
 * Cipher suites are chosen by rustls (TLS 1.2/1.3 suites with forward secrecy); {@link
 * Builder#withCipherSuites} is accepted and has no effect.
 */
@PublicEvolving
public class JdkSSLOptions extends SSLOptions {
    private static final long serialVersionUID = 1L;

    JdkSSLOptions(TlsSettings tls) {
        super(tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link JdkSSLOptions}. */
    @PublicEvolving
    public static class Builder extends SSLOptions.Builder {
        private SSLContext context;

        Builder() {}

        /**
         * Only {@code SSLContext.getDefault()} is supported (see the class comment); any other
         * context fails here, naming what to use instead.
         */
        public Builder withSSLContext(SSLContext context) {
            SSLContext jdkDefault;
            try {
                jdkDefault = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new CassandraConfigurationException("SSL context: the JDK has no default context: " + e.getMessage(), e);
            }
            if (context != null && context != jdkDefault) {
                throw new CassandraConfigurationException("SSL context: a custom SSLContext cannot be used by the native"
                        + " TLS stack (its certificates are not readable); give the stores instead:"
                        + " JdkSSLOptions.builder().withTrustStore(path, password)[.withKeyStore(path, password)]");
            }
            this.context = context;
            return this;
        }

        /** Accepted; rustls chooses the cipher suites. */
        public Builder withCipherSuites(String[] cipherSuites) {
            return this;
        }

        @Override
        public Builder withTrustStore(String path, String password) {
            super.withTrustStore(path, password);
            return this;
        }

        @Override
        public Builder withKeyStore(String path, String password) {
            super.withKeyStore(path, password);
            return this;
        }

        @Override
        public Builder withHostnameVerification(boolean verify) {
            super.withHostnameVerification(verify);
            return this;
        }

        @Override
        public Builder withServerName(String name) {
            super.withServerName(name);
            return this;
        }

        @Override
        public JdkSSLOptions build() {
            return new JdkSSLOptions(settings());
        }

        @Override
        public String toString() {
            return "JdkSSLOptions.Builder{context=" + (context == null ? "none" : "JDK default") + '}';
        }
    }
}
