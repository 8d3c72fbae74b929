package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/** The native library could not be found or loaded; the message lists every path tried. */
@PublicEvolving
public class CassandraNativeLibraryException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public CassandraNativeLibraryException(String message, Throwable cause) {
        super(Code.NATIVE_LIBRARY, message, cause);
    }
}
