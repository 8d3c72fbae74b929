package org.apache.flink.streaming.connectors.cassandra;

/** The coordinator is overloaded and refused the request. */
public class CassandraOverloadedException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraOverloadedException(String message) {
        super(Code.OVERLOADED, message);
    }
}
