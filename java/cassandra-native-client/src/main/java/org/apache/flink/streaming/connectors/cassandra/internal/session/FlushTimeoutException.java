package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraTimeoutException;

/**
 * A flush gave up because no write completed within the flush timeout: the writes still held
 * have an unknown fate. Unlike failures of single writes, it never goes to a failure handler: a
 * checkpoint waiting on it must fail.
 *
 * <p>Internal.
 */
@Internal
public final class FlushTimeoutException extends CassandraTimeoutException {
    private static final long serialVersionUID = 1L;

    public FlushTimeoutException(String message) {
        super(Code.WRITE_TIMEOUT, message);
    }
}
