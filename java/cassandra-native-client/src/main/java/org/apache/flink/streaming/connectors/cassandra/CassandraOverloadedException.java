package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** The coordinator is overloaded and refused the request. */
@PublicEvolving
public class CassandraOverloadedException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraOverloadedException(String message) {
        super(Code.OVERLOADED, message);
    }
}
