package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Owns one native object. The handle is released exactly once: by {@link #close()} or, for a
 * handle that was never closed, by a {@link Cleaner} once this object is unreachable. The
 * cleaning action captures only the handle and a static release function, never {@code this}.
 *
 * <p>Internal.
 */
public abstract class NativeHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private final String description;

    protected NativeHandle(long handle, LongConsumer releaseFunction, String description) {
        if (handle == 0) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.INTERNAL, "native code returned no " + description);
        }
        this.release = new Release(handle, releaseFunction);
        this.cleanable = CLEANER.register(this, release);
        this.description = description;
    }

    /** The live handle; throws if this object is closed. */
    protected final long handle() {
        long handle = release.handle.get();
        if (handle == 0) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.CLOSED, "The " + description + " is closed");
        }
        return handle;
    }

    public final boolean isClosed() {
        return release.handle.get() == 0;
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    private static final class Release implements Runnable {
        private final AtomicLong handle;
        private final LongConsumer releaseFunction;

        Release(long handle, LongConsumer releaseFunction) {
            this.handle = new AtomicLong(handle);
            this.releaseFunction = releaseFunction;
        }

        @Override
        public void run() {
            long h = handle.getAndSet(0);
            if (h != 0) {
                releaseFunction.accept(h);
            }
        }
    }
}
