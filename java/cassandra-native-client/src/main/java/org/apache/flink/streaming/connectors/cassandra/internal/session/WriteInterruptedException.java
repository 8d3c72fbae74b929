package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

/**
 * The calling thread was interrupted (Flink cancels a task so) while a submit or flush waited for
 * the native writer. The thread's interrupt flag stays set.
 *
 * <p>Internal.
 */
@Internal
public final class WriteInterruptedException extends CassandraConnectorException {
    private static final long serialVersionUID = 1L;

    public WriteInterruptedException(String message) {
        super(Code.CLOSED, message);
    }
}
