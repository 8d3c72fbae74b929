package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The default lookup: queries run on a small pool of threads sharing the native session, so the
 * task thread is free while up to {@code maxInFlight} lookups wait on Cassandra (Flink's async
 * operator bounds the requests in flight by its capacity too).
 */
@Internal
public final class CassandraAsyncLookup extends AsyncLookupFunction {
    private static final long serialVersionUID = 1L;
    private final CassandraLookupFunction lookup;
    private final int maxInFlight;
    private transient ExecutorService executor;

    CassandraAsyncLookup(CassandraLookupFunction lookup, int maxInFlight) {
        this.lookup = lookup;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void open(FunctionContext context) {
        lookup.open();
        executor = Executors.newFixedThreadPool(maxInFlight, r -> {
            Thread t = new Thread(r, "cassandra-lookup");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
        return CompletableFuture.supplyAsync(() -> lookup.lookup(keyRow), executor);
    }

    @Override
    public void close() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
        lookup.close();
    }
}
