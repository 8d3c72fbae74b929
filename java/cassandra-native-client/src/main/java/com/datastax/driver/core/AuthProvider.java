package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * How the connection authenticates, as in the DataStax driver. The native core supports
 * {@link #NONE} and {@link PlainTextAuthProvider} (Cassandra's {@code PasswordAuthenticator}).
 */
@PublicEvolving
public interface AuthProvider extends Serializable {
    /** No authentication (the server runs {@code AllowAllAuthenticator}). */
    AuthProvider NONE = new NoAuthProvider();

    /** The provider behind {@link #NONE}. */
    final class NoAuthProvider implements AuthProvider {
        private static final long serialVersionUID = 1L;

        private NoAuthProvider() {}

        private Object readResolve() {
            return NONE;
        }

        @Override
        public String toString() {
            return "AuthProvider.NONE";
        }
    }
}
