package org.apache.flink.streaming.connectors.cassandra;

/** Too few replicas alive for the requested consistency level. */
public class CassandraUnavailableException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraUnavailableException(String message) {
        super(Code.UNAVAILABLE, message);
    }
}
