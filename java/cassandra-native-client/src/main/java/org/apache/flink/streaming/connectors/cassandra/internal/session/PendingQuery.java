package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import java.util.concurrent.CompletableFuture;

/**
 * The answer of {@link NativeStatement#executeAsync}: completed by native code, on one of the
 * native runtime's threads, through {@link #onResult} or {@link #onFailure} (called by name over
 * JNI: keep their names and signatures). Stages added to it run on that thread unless given an
 * executor, so they must not block.
 *
 * <p>Internal.
 */
@Internal
public final class PendingQuery extends CompletableFuture<QueryResult> {
    /** Called by native code with the encoded rows of every page. */
    void onResult(byte[] encoded) {
        try {
            complete(QueryResult.parse(encoded));
        } catch (RuntimeException e) {
            completeExceptionally(e);
        }
    }

    /** Called by native code with the error's code and message (which names the query). */
    void onFailure(String code, String message) {
        completeExceptionally(CassandraConnectorException.fromNative(code, message));
    }
}
