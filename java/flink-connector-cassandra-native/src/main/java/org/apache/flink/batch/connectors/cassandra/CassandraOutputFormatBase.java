package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.NoOpCassandraFailureHandler;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.io.RichOutputFormat;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordEncoder;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RowBatcher;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;
import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.time.Duration;

/**
 * Base of the output formats: records are encoded in batches and written through the native
 * pipeline (bounded in-flight writes, retries); {@link #close()} waits for every write. Failures
 * go to the {@link CassandraFailureHandler} (default: fail).
 *
 * <p>Driven by Flink through {@code open(InitializationContext)}, or by hand as with the official
 * connector: {@code configure(..)}, {@code open(taskNumber, numTasks)}, {@code writeRecord(..)},
 * {@code close()}.
 */
@PublicEvolving
public abstract class CassandraOutputFormatBase<OUT> extends RichOutputFormat<OUT> {
    private static final long serialVersionUID = 1L;

    private final String insertQuery;
    private final ClusterBuilder builder;
    private final String keyspace;
    private CassandraFailureHandler failureHandler = new NoOpCassandraFailureHandler();
    private final SinkOptions options = new SinkOptions();

    private transient RowBatcher writer;
    private transient RecordEncoder<OUT> records;

    protected CassandraOutputFormatBase(String insertQuery, ClusterBuilder builder) {
        this(insertQuery, builder, null);
    }

    protected CassandraOutputFormatBase(String insertQuery, ClusterBuilder builder, String keyspace) {
        Preconditions.checkArgument(insertQuery != null && !insertQuery.trim().isEmpty(), "Query cannot be null or empty");
        this.insertQuery = insertQuery;
        this.builder = Preconditions.checkNotNull(builder, "Builder cannot be null");
        // As the official sinks do: an anonymous builder of a non-serializable class holds a
        // reference to that instance that it does not use; drop it so the format can be shipped.
        ClosureCleaner.clean(builder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
        this.keyspace = keyspace;
    }

    /**
     * With the official connector's concurrency bound: at most {@code maxConcurrentRequests}
     * writes in flight, each waiting at most {@code maxConcurrentRequestsTimeout} for room.
     */
    protected CassandraOutputFormatBase(
            String insertQuery, ClusterBuilder builder, int maxConcurrentRequests, Duration maxConcurrentRequestsTimeout) {
        this(insertQuery, builder, null);
        options.maxConcurrentRequests(maxConcurrentRequests,
                Preconditions.checkNotNull(maxConcurrentRequestsTimeout, "maxConcurrentRequestsTimeout cannot be null"));
    }

    /** Receives failed writes; throwing there fails the job, returning drops the write. */
    public CassandraOutputFormatBase<OUT> setFailureHandler(CassandraFailureHandler failureHandler) {
        this.failureHandler = Preconditions.checkNotNull(failureHandler, "failureHandler must not be null");
        return this;
    }

    /** At most {@code n} writes in flight per task. */
    public CassandraOutputFormatBase<OUT> setMaxConcurrentRequests(int n) {
        options.maxConcurrentRequests(n, null);
        return this;
    }

    /** The bind values of one record, in statement order (Flink Tuples and Rows as fields are adapted after). */
    protected abstract Object[] extract(OUT record);

    /** The write options of this format, for subclasses that derive some from their mapping. */
    SinkOptions options() {
        return options;
    }

    /** What {@link #open} writes with: this format's statement, connection and settings. */
    WritePlan plan() {
        return WritePlan.builder(builder, insertQuery).keyspace(keyspace).options(options)
                .failureHandler(failureHandler).build();
    }

    @Override
    public void configure(Configuration parameters) {}

    /**
     * Connects and prepares the statement. Flink's {@code open(InitializationContext)} lands here
     * too, so both ways of opening a format work.
     */
    // No @Override: Flink 1.20's OutputFormat declares this method, Flink 2's no longer does.
    public void open(int taskNumber, int numTasks) throws IOException {
        if (writer == null) {
            WritePlan plan = plan();
            records = plan.encoder(this::extract);
            writer = plan.open();
        }
    }

    @Override
    public void open(InitializationContext context) throws IOException {
        open(context.getTaskNumber(), context.getNumTasks());
    }

    @Override
    public void writeRecord(OUT record) throws IOException {
        if (writer == null) {
            throw new IllegalStateException(this + " is not open: call open(..) before writeRecord");
        }
        writer.add(record, records);
    }

    /** Sends what is buffered and waits for every write before releasing the session. */
    @Override
    public void close() throws IOException {
        if (writer == null) {
            return;
        }
        try {
            writer.flush();
        } finally {
            writer.close();
            writer = null;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{query=" + insertQuery + ", cluster=" + builder + '}';
    }
}
