package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** No contact point answered, or a connection broke. */
@PublicEvolving
public class CassandraConnectionException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraConnectionException(String message) {
        super(Code.CONNECTION, message);
    }
}
