package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;

/** The default failure handler: every failure fails the sink, with the failure as the cause. */
@PublicEvolving
public class NoOpCassandraFailureHandler implements CassandraFailureHandler {
    private static final long serialVersionUID = 1L;

    @Override
    public void onFailure(Throwable failure) throws IOException {
        throw new IOException("Error while sending value to Cassandra: " + failure.getMessage(), failure);
    }
}
