package com.datastax.driver.core;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * User name and password for Cassandra's {@code PasswordAuthenticator}; the same as
 * {@link Cluster.Builder#withCredentials(String, String)}. The password is never printed.
 */
@PublicEvolving
public final class PlainTextAuthProvider implements AuthProvider {
    private static final long serialVersionUID = 1L;

    private final String username;
    private final String password;

    public PlainTextAuthProvider(String username, String password) {
        if (username == null || username.isEmpty()) {
            throw new CassandraConfigurationException("PlainTextAuthProvider: the user name must not be empty");
        }
        this.username = username;
        this.password = Objects.requireNonNull(password, "PlainTextAuthProvider: password");
    }

    public String getUsername() {
        return username;
    }

    String password() {
        return password;
    }

    @Override
    public String toString() {
        return "PlainTextAuthProvider{username=" + username + ", password=****}";
    }
}
