package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** The server rejected the credentials (the message names the user, never the password). */
@PublicEvolving
public class CassandraAuthenticationException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraAuthenticationException(String message) {
        super(Code.AUTH, message);
    }
}
