package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** A value does not fit its column; raised in Java before anything is sent. */
@PublicEvolving
public class CassandraInvalidValueException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraInvalidValueException(String message) {
        super(Code.INVALID_VALUE, message);
    }
}
