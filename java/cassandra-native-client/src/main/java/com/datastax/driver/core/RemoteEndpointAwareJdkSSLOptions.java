package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.TlsSettings;

import javax.net.ssl.SSLContext;

/**
 * {@link JdkSSLOptions} under the name the DataStax 3.x driver uses for options that see the
 * node's address. The native core always checks the certificate against the name of the first
 * contact point (or {@link SSLOptions.Builder#withServerName}) when hostname verification is on,
 * so this behaves as {@link JdkSSLOptions}.
 */
@PublicEvolving
public class RemoteEndpointAwareJdkSSLOptions extends JdkSSLOptions {
    private static final long serialVersionUID = 1L;

    RemoteEndpointAwareJdkSSLOptions(TlsSettings tls) {
        super(tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link RemoteEndpointAwareJdkSSLOptions}. */
    @PublicEvolving
    public static class Builder extends JdkSSLOptions.Builder {
        Builder() {}

        @Override
        public Builder withSSLContext(SSLContext context) {
            super.withSSLContext(context);
            return this;
        }

        @Override
        public Builder withCipherSuites(String[] cipherSuites) {
            super.withCipherSuites(cipherSuites);
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
        public RemoteEndpointAwareJdkSSLOptions build() {
            return new RemoteEndpointAwareJdkSSLOptions(settings());
        }
    }
}
