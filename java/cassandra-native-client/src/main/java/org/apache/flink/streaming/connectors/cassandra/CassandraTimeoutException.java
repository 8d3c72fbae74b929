package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** A request did not complete in time (client-side timeout or a server write/read timeout). */
@PublicEvolving
public class CassandraTimeoutException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraTimeoutException(Code code, String message) {
        super(code, message);
    }
}
