package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.Serializable;

/**
 * Decides what a failed write means for the job, after the sink's own retries of transient
 * failures are used up. Throwing fails the sink (and so, by default, the job); returning
 * normally drops the failed write and goes on.
 *
 * <p>Failures are {@link CassandraConnectorException}s: check {@link
 * CassandraConnectorException#getCode()} or the subclass to tell, e.g., timeouts from invalid
 * queries.
 */
@PublicEvolving
public interface CassandraFailureHandler extends Serializable {

    /**
     * Handles one failed write (or a group of writes that failed together; the message says how
     * many).
     *
     * @throws IOException to fail the sink
     */
    void onFailure(Throwable failure) throws IOException;
}
