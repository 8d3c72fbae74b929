package org.apache.flink.connector.cassandra.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RangeReader;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;
import org.apache.flink.streaming.connectors.cassandra.internal.source.SourceSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.source.TableRanges;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.util.ExceptionUtils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads its splits one after the other, a page at a time: one native call returns one page (at
 * most the fetch size of rows) and its paging state; the next page is fetched on a helper thread
 * while this one is emitted. So at most two pages are in memory, whatever a split's size.
 *
 * <p>A checkpoint records, for the split being read, the paging state of the current page and how
 * many of its rows were emitted; splits already finished are in no state and are not read again.
 * The task thread only emits rows and starts fetches; it never waits for the network.
 */
@Internal
public final class CassandraSourceReader<T> implements SourceReader<T, CassandraSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraSourceReader.class);

    private final SourceReaderContext context;
    private final SourceSettings settings;
    private final RowConverter<T> converter;
    private final ArrayDeque<CassandraSplit> splits = new ArrayDeque<>();
    private final Counter finishedSplits;

    private NativeSession session;
    private NativeStatement statement;
    private RangeReader reader;
    private ExecutorService fetcher;

    private CassandraSplit current;
    /** The paging state that fetched {@link #page} (null: the range's first page). */
    private byte[] pageState;
    private List<Object[]> page;
    private int index;
    private int skipOnInstall;
    private byte[] nextState;
    private byte[] fetchState;
    private CompletableFuture<QueryResult> fetch;

    private boolean noMoreSplits;
    private boolean splitRequested;
    private CompletableFuture<Void> splitsArrived = new CompletableFuture<>();

    public CassandraSourceReader(SourceReaderContext context, SourceSettings settings, RowConverter<T> converter) {
        this.context = context;
        this.settings = settings;
        this.converter = converter;
        this.finishedSplits = context.metricGroup().counter("cassandraSplitsFinished");
    }

    @Override
    public void start() {
        Cluster cluster = settings.clusterBuilder().getCluster();
        session = NativeSession.open(cluster.connectionSettings());
        statement = TableRanges.prepareRangeQuery(session, settings.query());
        converter.open(statement.metadata().resultColumns());
        reader = new RangeReader(statement, SourceSettings.consistency(cluster), settings.fetchSize(cluster));
        fetcher = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "cassandra-source-fetcher-" + context.getIndexOfSubtask());
            thread.setDaemon(true);
            return thread;
        });
        if (splits.isEmpty()) {
            requestSplit();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        while (true) {
            if (page != null && index < page.size()) {
                output.collect(converter.convert(page.get(index++)));
                return InputStatus.MORE_AVAILABLE;
            }
            if (page != null && nextState == null) {
                finishSplit();
                continue;
            }
            if (current == null) {
                current = splits.poll();
                if (current == null) {
                    if (noMoreSplits) {
                        return InputStatus.END_OF_INPUT;
                    }
                    requestSplit();
                    return InputStatus.NOTHING_AVAILABLE;
                }
                skipOnInstall = current.rowsToSkip();
                startFetch(current.pagingState());
                if (splits.isEmpty() && !noMoreSplits) {
                    // Ask for the next split while this one is read.
                    requestSplit();
                }
            }
            if (!fetch.isDone()) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            install();
        }
    }

    private void startFetch(byte[] state) {
        CassandraSplit split = current;
        fetchState = state;
        fetch = CompletableFuture.supplyAsync(() -> reader.page(split.start(), split.end(), state), fetcher);
    }

    /** Makes the fetched page current and starts fetching the one after it. */
    private void install() throws Exception {
        QueryResult result;
        try {
            result = fetch.join();
        } catch (CompletionException e) {
            ExceptionUtils.rethrowException(e.getCause() == null ? e : e.getCause());
            return;
        }
        page = result.rows();
        pageState = fetchState;
        index = Math.min(skipOnInstall, page.size());
        skipOnInstall = 0;
        nextState = result.pagingState();
        fetch = null;
        if (nextState != null) {
            startFetch(nextState);
        }
    }

    private void finishSplit() {
        LOG.debug("Finished {}", current);
        finishedSplits.inc();
        current = null;
        page = null;
        pageState = null;
        nextState = null;
        fetch = null;
    }

    private void requestSplit() {
        if (!splitRequested) {
            splitRequested = true;
            splitsArrived = new CompletableFuture<>();
            context.sendSplitRequest();
        }
    }

    @Override
    public List<CassandraSplit> snapshotState(long checkpointId) {
        List<CassandraSplit> state = new ArrayList<>(splits.size() + 1);
        if (current != null) {
            state.add(page == null ? current : current.resumedAt(pageState, index));
        }
        state.addAll(splits);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        boolean pageLeft = page != null && index < page.size();
        if (pageLeft) {
            return CompletableFuture.completedFuture(null);
        }
        if (fetch != null && !fetch.isDone()) {
            return fetch.handle((result, error) -> null);
        }
        if (current == null && splits.isEmpty() && !noMoreSplits) {
            return splitsArrived;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addSplits(List<CassandraSplit> added) {
        splits.addAll(added);
        splitRequested = false;
        splitsArrived.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        splitsArrived.complete(null);
    }

    @Override
    public void close() {
        if (fetcher != null) {
            // No wait: on cancel Flink interrupts this thread, and a fetch in progress ends only
            // within the request timeout. Closing the handles below is safe anyway: a native call
            // in progress holds a use of its handle, which defers the native release until the
            // call returns (see NativeHandle).
            fetcher.shutdownNow();
        }
        closeQuietly(statement);
        closeQuietly(session);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Error while closing {}", closeable, e);
        }
    }
}
