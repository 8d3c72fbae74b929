package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** A connection or sink setting is invalid; the message names the setting. */
@PublicEvolving
public class CassandraConfigurationException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraConfigurationException(String message) {
        super(Code.CONFIG, message);
    }

    public CassandraConfigurationException(String message, Throwable cause) {
        super(Code.CONFIG, message, cause);
    }
}
