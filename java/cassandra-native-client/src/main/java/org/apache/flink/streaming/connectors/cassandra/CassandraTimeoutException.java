package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A request did not complete in time: a server write/read timeout ({@code WRITE_TIMEOUT},
 * {@code READ_TIMEOUT}: replicas did not answer the coordinator), or no answer at all within the
 * client-side request timeout ({@code REQUEST_TIMEOUT}, {@code SocketOptions.setReadTimeoutMillis}).
 */
@PublicEvolving
public class CassandraTimeoutException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraTimeoutException(Code code, String message) {
        super(code, message);
    }
}
