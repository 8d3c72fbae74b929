package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Owns one native object and counts the native calls inside it. Every native call runs inside a
 * {@link Use}:
 *
 * <pre>{@code
 * try (Use use = acquire()) {
 *     return nativeCall(use.handle(), ...);
 * }
 * }</pre>
 *
 * <p>{@link #acquire()} fails with a {@code CLOSED} {@link CassandraConnectorException} once the
 * handle is closed. {@link #close()} only marks it closed: the native release runs exactly once,
 * when the last call in flight returns (at once if there is none), so a thread closing a handle
 * never frees what another thread is still using. A handle that was never closed is closed by a
 * {@link Cleaner} once this object is unreachable; a use keeps the count, not this object, so a
 * call in flight defers the release in that case too. The cleaning action captures only the
 * count, the handle and a static release function, never {@code this}.
 *
 * <p>Internal.
 */
@Internal
public abstract class NativeHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final State state;
    private final Cleaner.Cleanable cleanable;

    protected NativeHandle(long handle, LongConsumer releaseFunction, String description) {
        if (handle == 0) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.INTERNAL, "native code returned no " + description);
        }
        this.state = new State(handle, releaseFunction, description);
        this.cleanable = CLEANER.register(this, state);
    }

    /**
     * Starts a native call: the handle stays valid until the returned use is closed. Throws a
     * {@code CLOSED} {@link CassandraConnectorException} if this object is closed.
     */
    public final Use acquire() {
        return state.acquire();
    }

    public final boolean isClosed() {
        return state.isClosed();
    }

    /** Native calls in progress (for tests). */
    final int callsInFlight() {
        return state.callsInFlight();
    }

    /** Marks the handle closed; the native object is released when no call is inside it. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** One native call in progress. Confined to the calling thread; close it exactly once. */
    public static final class Use implements AutoCloseable {
        private final State state;

        private Use(State state) {
            this.state = state;
        }

        /** The native handle, valid until this use is closed. */
        public long handle() {
            return state.handle;
        }

        @Override
        public void close() {
            state.release();
        }
    }

    /**
     * Bit 0 of {@code word} is "closed", the rest counts uses (in steps of 2). The native release
     * runs on the single transition to exactly {@link #CLOSED}: closed with no use left.
     */
    private static final class State implements Runnable {
        private static final long CLOSED = 1;
        private static final long ONE_USE = 2;

        private final AtomicLong word = new AtomicLong();
        private final long handle;
        private final LongConsumer releaseFunction;
        private final String description;

        State(long handle, LongConsumer releaseFunction, String description) {
            this.handle = handle;
            this.releaseFunction = releaseFunction;
            this.description = description;
        }

        Use acquire() {
            while (true) {
                long current = word.get();
                if ((current & CLOSED) != 0) {
                    throw new CassandraConnectorException(
                            CassandraConnectorException.Code.CLOSED, "The " + description + " is closed");
                }
                if (word.compareAndSet(current, current + ONE_USE)) {
                    return new Use(this);
                }
            }
        }

        void release() {
            if (word.addAndGet(-ONE_USE) == CLOSED) {
                releaseFunction.accept(handle);
            }
        }

        boolean isClosed() {
            return (word.get() & CLOSED) != 0;
        }

        int callsInFlight() {
            return (int) (word.get() / ONE_USE);
        }

        /** Close (run at most once, by {@code close()} or the Cleaner). */
        @Override
        public void run() {
            if (word.getAndAdd(CLOSED) == 0) {
                releaseFunction.accept(handle);
            }
        }
    }
}
