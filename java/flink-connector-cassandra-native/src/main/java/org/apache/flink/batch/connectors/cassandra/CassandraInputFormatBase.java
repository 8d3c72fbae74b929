package org.apache.flink.batch.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.QueryOptions;
import org.apache.flink.connector.cassandra.source.CassandraSource;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.io.DefaultInputSplitAssigner;
import org.apache.flink.api.common.io.RichInputFormat;
import org.apache.flink.api.common.io.statistics.BaseStatistics;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputSplit;
import org.apache.flink.core.io.InputSplitAssigner;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;
import org.apache.flink.streaming.connectors.cassandra.internal.source.CassandraInputSplit;
import org.apache.flink.streaming.connectors.cassandra.internal.source.CassandraQuery;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RangeReader;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;
import org.apache.flink.streaming.connectors.cassandra.internal.source.SourceSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.source.TableRanges;
import org.apache.flink.connector.cassandra.source.enumerator.CassandraSplitEnumerator;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.util.Preconditions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Base of the input formats: reads a SELECT a page at a time (bounded memory). A query that the
 * {@link CassandraSource} could read (one table, no clauses that clash with token ranges) is read
 * in token-range splits, in parallel; any other query (e.g. one restricting the partition key) is
 * read as written, in one split.
 *
 * <p>Used by hand as with the official connector ({@code configure(..)}, {@code open(null)},
 * {@code reachedEnd()} / {@code nextRecord(..)}, {@code close()}), a format reads the whole query
 * and {@code close()} releases its session. Run by Flink ({@code openInputFormat()} first), the
 * session stays open across the splits of a task until {@code closeInputFormat()}.
 */
@PublicEvolving
public abstract class CassandraInputFormatBase<OUT> extends RichInputFormat<OUT, InputSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CassandraInputFormatBase.class);

    private final String query;
    private final ClusterBuilder builder;
    private final RowConverter<OUT> converter;
    private Integer splitCount;
    private Integer fetchSize;

    private transient NativeSession session;
    private transient NativeStatement statement;
    private transient RangeReader reader;
    private transient CassandraInputSplit split;
    private transient List<Object[]> page;
    private transient int index;
    private transient byte[] nextState;
    /** Opened through {@link #openInputFormat()}: the session outlives each split. */
    private transient boolean sessionPerTask;

    protected CassandraInputFormatBase(String query, ClusterBuilder builder, RowConverter<OUT> converter) {
        Preconditions.checkArgument(query != null && !query.trim().isEmpty(), "Query cannot be null or empty");
        this.query = query;
        this.builder = Preconditions.checkNotNull(builder, "Builder cannot be null");
        // As the official source does: drop an anonymous builder's unused outer instance.
        ClosureCleaner.clean(builder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
        this.converter = converter;
    }

    /** Reads a splittable query in exactly this many token ranges (default: sized like the source). */
    public CassandraInputFormatBase<OUT> setSplitCount(int splitCount) {
        if (splitCount < 1) {
            throw new CassandraConfigurationException("setSplitCount: must be at least 1, got " + splitCount);
        }
        this.splitCount = splitCount;
        return this;
    }

    /** Rows per page (default: the cluster's {@code QueryOptions} fetch size). */
    public CassandraInputFormatBase<OUT> setFetchSize(int fetchSize) {
        if (fetchSize < 1) {
            throw new CassandraConfigurationException("setFetchSize: must be at least 1 row, got " + fetchSize);
        }
        this.fetchSize = fetchSize;
        return this;
    }

    private SourceSettings settings() {
        return new SourceSettings(builder, CassandraQuery.parse(query), splitCount, fetchSize,
                SourceSettings.DEFAULT_MAX_SPLIT_BYTES);
    }

    @Override
    public void configure(Configuration parameters) {}

    @Override
    public BaseStatistics getStatistics(BaseStatistics cachedStatistics) {
        return cachedStatistics;
    }

    @Override
    public InputSplit[] createInputSplits(int minNumSplits) {
        if (!CassandraQuery.isSplittable(query)) {
            LOG.info("Reading '{}' in one split: it cannot be restricted to token ranges", query);
            return new InputSplit[] {CassandraInputSplit.whole()};
        }
        List<CassandraSplit> planned;
        try {
            planned = CassandraSplitEnumerator.plan(settings(), Math.max(1, minNumSplits));
        } catch (CassandraConfigurationException e) {
            // E.g. the WHERE clause restricts the partition key: the query selects its partitions itself.
            LOG.info("Reading '{}' in one split: {}", query, e.getMessage());
            return new InputSplit[] {CassandraInputSplit.whole()};
        }
        InputSplit[] splits = new InputSplit[planned.size()];
        for (int i = 0; i < splits.length; i++) {
            CassandraSplit s = planned.get(i);
            splits[i] = CassandraInputSplit.range(i, s.start(), s.end());
        }
        return splits;
    }

    @Override
    public InputSplitAssigner getInputSplitAssigner(InputSplit[] inputSplits) {
        return new DefaultInputSplitAssigner(inputSplits);
    }

    @Override
    public void openInputFormat() {
        sessionPerTask = true;
    }

    /** Reads {@code inputSplit}, or the whole query when it is null (as the official format does). */
    @Override
    public void open(InputSplit inputSplit) throws IOException {
        openSplit(inputSplit);
    }

    void openSplit(InputSplit inputSplit) {
        split = inputSplit == null ? CassandraInputSplit.whole() : (CassandraInputSplit) inputSplit;
        Cluster cluster = builder.getCluster();
        if (session == null) {
            session = NativeSession.open(cluster.connectionSettings());
        }
        if (statement == null) {
            statement = split.ranged()
                    ? TableRanges.prepareRangeQuery(session, CassandraQuery.parse(query))
                    : session.prepare(query);
            converter.open(statement.metadata().resultColumns());
            reader = new RangeReader(statement, SourceSettings.consistency(cluster),
                    fetchSize != null ? fetchSize : cluster.fetchSize());
        }
        install(fetch(null));
    }

    private QueryResult fetch(byte[] state) {
        return split.ranged() ? reader.page(split.start(), split.end(), state) : reader.page(state);
    }

    private void install(QueryResult result) {
        page = result.rows();
        index = 0;
        nextState = result.pagingState();
    }

    @Override
    public boolean reachedEnd() throws IOException {
        return ended();
    }

    boolean ended() {
        if (page == null) {
            throw new IllegalStateException(this + " is not open: call open(..) before reading");
        }
        while (index >= page.size() && nextState != null) {
            install(fetch(nextState));
        }
        return index >= page.size();
    }

    @Override
    public OUT nextRecord(OUT reuse) throws IOException {
        return next(reuse);
    }

    OUT next(OUT reuse) {
        if (ended()) {
            return null;
        }
        return converter.convert(page.get(index++), reuse);
    }

    /**
     * Ends the split. Run by Flink, the session stays open for the next split of this task; used
     * by hand, the session is released here.
     */
    @Override
    public void close() {
        page = null;
        nextState = null;
        if (!sessionPerTask) {
            release();
        }
    }

    @Override
    public void closeInputFormat() {
        release();
        sessionPerTask = false;
    }

    private void release() {
        if (statement != null) {
            statement.close();
            statement = null;
        }
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{query=" + query + ", cluster=" + builder + '}';
    }
}
