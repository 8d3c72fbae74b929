package org.apache.flink.streaming.connectors.cassandra.testserver;

/** Cassandra did not come up; the message contains the tail of the node's logs. */
public class CassandraStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CassandraStartException(String message) {
        super(message);
    }

    public CassandraStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
