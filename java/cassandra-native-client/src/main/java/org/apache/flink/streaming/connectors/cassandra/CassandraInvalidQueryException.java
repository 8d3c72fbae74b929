package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** The server rejected a statement: syntax, unknown table or column, bad CQL. */
@PublicEvolving
public class CassandraInvalidQueryException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraInvalidQueryException(String message) {
        super(Code.INVALID_QUERY, message);
    }
}
