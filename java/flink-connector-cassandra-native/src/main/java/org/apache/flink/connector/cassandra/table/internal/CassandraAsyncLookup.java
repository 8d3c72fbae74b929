package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The default lookup: each key is read by the native runtime ({@link
 * CassandraLookupFunction#lookupAsync}), which completes the answer on its own thread, so no
 * thread waits on Cassandra. At most {@code maxInFlight} lookups of this subtask are in flight;
 * further keys wait in a queue (itself bounded by Flink's async operator capacity) and start as
 * earlier ones complete.
 */
@Internal
public final class CassandraAsyncLookup extends AsyncLookupFunction {
    private static final long serialVersionUID = 1L;
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final CassandraLookupFunction lookup;
    private final int maxInFlight;
    private transient Object lock;
    private transient ArrayDeque<Waiting> queue;
    private transient int inFlight;
    private transient int maxObservedInFlight;
    private transient long started;

    /** A key waiting for a free slot. */
    private static final class Waiting {
        final Object[] values;
        final CompletableFuture<Collection<RowData>> answer;

        Waiting(Object[] values, CompletableFuture<Collection<RowData>> answer) {
            this.values = values;
            this.answer = answer;
        }
    }

    CassandraAsyncLookup(CassandraLookupFunction lookup, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("lookups in flight: must be at least 1, got " + maxInFlight);
        }
        this.lookup = lookup;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void open(FunctionContext context) {
        lock = new Object();
        queue = new ArrayDeque<>();
        lookup.open();
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
        CompletableFuture<Collection<RowData>> answer = new CompletableFuture<>();
        Object[] values = lookup.keyValues(keyRow);
        if (values == null) {
            answer.complete(Collections.emptyList());
            return answer;
        }
        synchronized (lock) {
            if (inFlight >= maxInFlight) {
                queue.add(new Waiting(values, answer));
                return answer;
            }
            inFlight++;
            maxObservedInFlight = Math.max(maxObservedInFlight, inFlight);
        }
        start(new Waiting(values, answer));
        return answer;
    }

    /** Starts {@code next} in a slot already counted; when it completes, the slot passes to the next waiting key. */
    private void start(Waiting next) {
        while (next != null) {
            try {
                synchronized (lock) {
                    started++;
                }
                Waiting current = next;
                lookup.lookupAsync(current.values).whenComplete((result, error) -> {
                    // on a native runtime thread: convert and hand over, never block
                    if (error != null) {
                        current.answer.completeExceptionally(error);
                    } else {
                        try {
                            current.answer.complete(lookup.rows(result));
                        } catch (RuntimeException e) {
                            current.answer.completeExceptionally(e);
                        }
                    }
                    start(release());
                });
                return;
            } catch (RuntimeException e) {
                // not started (e.g. a value the statement rejects): fail this key, pass the slot on
                next.answer.completeExceptionally(e);
                next = release();
            }
        }
    }

    /** The next waiting key, keeping the slot, or null after freeing it. */
    private Waiting release() {
        synchronized (lock) {
            Waiting next = queue.poll();
            if (next == null) {
                inFlight--;
                lock.notifyAll();
            }
            return next;
        }
    }

    /** Most lookups that were in flight at once (bounded by {@code maxInFlight}). */
    int maxObservedInFlight() {
        synchronized (lock) {
            return maxObservedInFlight;
        }
    }

    /** Lookups handed to the native runtime so far. */
    long started() {
        synchronized (lock) {
            return started;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (lock != null) {
            List<Waiting> dropped = new ArrayList<>();
            synchronized (lock) {
                dropped.addAll(queue);
                queue.clear();
                // lookups in flight finish before their statement and session are closed
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
                while (inFlight > 0 && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
            for (Waiting w : dropped) {
                w.answer.completeExceptionally(new IllegalStateException("the Cassandra lookup function was closed"));
            }
        }
        lookup.close();
    }
}
