package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** Too few replicas alive for the requested consistency level. */
@PublicEvolving
public class CassandraUnavailableException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraUnavailableException(String message) {
        super(Code.UNAVAILABLE, message);
    }
}
