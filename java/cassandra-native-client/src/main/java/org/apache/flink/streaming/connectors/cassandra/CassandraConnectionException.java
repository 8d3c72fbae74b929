package org.apache.flink.streaming.connectors.cassandra;

/** No contact point answered, or a connection broke. */
public class CassandraConnectionException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraConnectionException(String message) {
        super(Code.CONNECTION, message);
    }
}
