package org.apache.flink.connector.cassandra.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import com.datastax.driver.core.Cluster;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.source.SourceSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.source.TableRanges;
import org.apache.flink.streaming.connectors.cassandra.internal.source.TokenRange;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the token-range splits once (checking the query against the table and sizing splits from
 * {@code system.size_estimates} or the configured count) and hands them out one at a time to
 * readers that ask, so fast readers take more. Splits of a failed reader come back through
 * {@link #addSplitsBack}.
 */
@Internal
public final class CassandraSplitEnumerator implements SplitEnumerator<CassandraSplit, CassandraEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraSplitEnumerator.class);

    private final SplitEnumeratorContext<CassandraSplit> context;
    private final SourceSettings settings;
    private final ArrayDeque<CassandraSplit> unassigned;
    private boolean planned;

    public CassandraSplitEnumerator(
            SplitEnumeratorContext<CassandraSplit> context, SourceSettings settings, CassandraEnumeratorState state) {
        this.context = context;
        this.settings = settings;
        this.unassigned = new ArrayDeque<>(state.unassigned());
        this.planned = state.planned();
    }

    @Override
    public void start() {
        if (planned) {
            LOG.info("Restored {} unassigned splits of {}", unassigned.size(), settings.query());
            return;
        }
        unassigned.addAll(plan(settings, context.currentParallelism()));
        planned = true;
    }

    /** Checks the query against the table and cuts the ring into splits. */
    public static List<CassandraSplit> plan(SourceSettings settings, int parallelism) {
        Cluster cluster = settings.clusterBuilder().getCluster();
        try (NativeSession session = NativeSession.open(cluster.connectionSettings())) {
            // Preparing the range query lets the server check the columns and conditions now.
            NativeStatement statement = TableRanges.prepareRangeQuery(session, settings.query());
            statement.close();
            long bytes = settings.splitCount() == null ? TableRanges.estimatedBytes(session, settings.query()) : 0;
            int count = TableRanges.splitCount(settings.splitCount(), bytes, settings.maxSplitBytes(), parallelism,
                    SourceSettings.SPLITS_PER_READER);
            List<CassandraSplit> splits = new ArrayList<>(count);
            for (long[] range : TokenRange.split(count)) {
                splits.add(new CassandraSplit(splits.size(), range[0], range[1]));
            }
            LOG.info("Reading {} in {} token-range splits (estimated table size {} bytes, parallelism {})",
                    settings.query(), splits.size(), bytes, parallelism);
            return splits;
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        CassandraSplit split = unassigned.poll();
        if (split == null) {
            context.signalNoMoreSplits(subtaskId);
        } else {
            LOG.debug("Assigning {} to reader {}", split, subtaskId);
            context.assignSplit(split, subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<CassandraSplit> splits, int subtaskId) {
        LOG.info("Reader {} failed: {} splits return to the queue", subtaskId, splits.size());
        for (CassandraSplit split : splits) {
            unassigned.addFirst(split);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves.
    }

    @Override
    public CassandraEnumeratorState snapshotState(long checkpointId) {
        return new CassandraEnumeratorState(planned, unassigned);
    }

    @Override
    public void close() {}
}
