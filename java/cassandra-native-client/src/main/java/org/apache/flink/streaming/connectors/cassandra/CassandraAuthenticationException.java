package org.apache.flink.streaming.connectors.cassandra;

/** The server rejected the credentials (the message names the user, never the password). */
public class CassandraAuthenticationException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraAuthenticationException(String message) {
        super(Code.AUTH, message);
    }
}
