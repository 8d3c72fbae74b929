package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkFunctionWriter;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.util.Preconditions;

import com.datastax.driver.core.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * Common base of the official connector's {@code RichSinkFunction} sinks ({@link
 * CassandraTupleSink}, {@link CassandraRowSink}, {@link CassandraPojoSink}, {@link
 * CassandraScalaProductSink}), backed by the native writer the {@link CassandraSink} builder's
 * sinks use: records are encoded in Java into batches, each batch crosses to the native pipeline in
 * one call, and at most {@link CassandraSinkBaseConfig#getMaxConcurrentRequests()} writes are in
 * flight (a record waits for a free slot at most {@link
 * CassandraSinkBaseConfig#getMaxConcurrentRequestsTimeout()}).
 *
 * <p>At-least-once: {@link #snapshotState} (and {@link #close()}) send what is buffered and wait
 * until every write is acknowledged. Failed writes go to the {@link CassandraFailureHandler} at
 * the next record, checkpoint or close; the default handler rethrows and fails the sink.
 *
 * <p>Buffered rows are sent when the batch is full or, in a running task, at the latest after a
 * short linger time (20 ms), so an idle stream does not hold rows back until the next checkpoint.
 *
 * <p>{@link CassandraSink#addSink} builds these sinks only where they are needed (see there); use
 * them directly with {@code stream.addSink(new CassandraTupleSink<>(query, builder))}.
 *
 * @param <IN> the record type
 * @param <V> the value type of the futures {@link #send} returns
 */
// deprecation: SinkFunction and RichFunction#open(Configuration) are the official sinks' API,
// deprecated but still present in Flink 1.20.
@SuppressWarnings("deprecation")
@PublicEvolving
public abstract class CassandraSinkBase<IN, V> extends RichSinkFunction<IN> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    protected final Logger log = LoggerFactory.getLogger(getClass());

    /** The connection settings, built from the {@link ClusterBuilder} in {@link #open}. */
    protected transient Cluster cluster;

    private final ClusterBuilder builder;
    private final CassandraSinkBaseConfig config;
    private final CassandraFailureHandler failureHandler;

    private transient SinkFunctionWriter<IN> writer;
    private transient FlushFuture<V> pending;

    CassandraSinkBase(ClusterBuilder builder, CassandraSinkBaseConfig config, CassandraFailureHandler failureHandler) {
        this.builder = Preconditions.checkNotNull(builder, "ClusterBuilder must not be null");
        this.config = Preconditions.checkNotNull(config, "CassandraSinkBaseConfig must not be null");
        this.failureHandler = Preconditions.checkNotNull(failureHandler, "CassandraFailureHandler must not be null");
        // As the official connector: an anonymous builder must not drag its enclosing instance along.
        ClosureCleaner.clean(builder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
    }

    /** Connects, prepares the statement and opens the native writer. */
    @Override
    public void open(Configuration configuration) {
        cluster = builder.getCluster();
        SinkOptions options = config.toSinkOptions();
        options.ignoreNullFields(options.ignoreNullFields() || ignoreNullFields());
        WritePlan plan = WritePlan.builder(builder, statement()).keyspace(keyspace()).options(options)
                .failureHandler(failureHandler).build();
        writer = SinkFunctionWriter.open(plan, this::fields, timers());
        RuntimeContext context = runtimeContext();
        if (context != null) {
            writer.registerMetrics(context.getMetricGroup().addGroup("cassandra"));
        }
        pending = new FlushFuture<>();
    }

    /** The task's runtime context, or null when the sink was opened outside a task. */
    private RuntimeContext runtimeContext() {
        try {
            return getRuntimeContext();
        } catch (IllegalStateException notInATask) {
            return null;
        }
    }

    /** The task's timer service, or null when the sink was opened outside a task. */
    private ProcessingTimeService timers() {
        RuntimeContext context = runtimeContext();
        return context instanceof StreamingRuntimeContext
                ? ((StreamingRuntimeContext) context).getProcessingTimeService()
                : null;
    }

    @Override
    public void invoke(IN value) throws Exception {
        write(value);
    }

    /**
     * Writes one record. Unlike the official connector, the record is buffered and sent in a
     * batch, so there is no future per write: the returned future is shared by every record sent
     * since the last flush and completes when they are all acknowledged (or handed to the failure
     * handler), at the latest at the next checkpoint or {@link #close()}; it fails when the flush
     * fails.
     *
     * @throws UncheckedIOException when an earlier write failed and the failure handler rethrew
     */
    public CompletableFuture<V> send(IN value) {
        try {
            write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pending;
    }

    private void write(IN value) throws IOException {
        if (writer == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not open: call open() before writing");
        }
        writer.write(value);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    /** Waits for every write, so the checkpoint covers only acknowledged records. */
    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        flush();
    }

    private void flush() throws IOException {
        FlushFuture<V> done = pending;
        pending = new FlushFuture<>();
        try {
            writer.flush();
        } catch (IOException | RuntimeException e) {
            done.fail(e);
            throw e;
        }
        done.succeed();
    }

    /** Waits for every write, then releases the connection. */
    @Override
    public void close() throws Exception {
        if (writer == null) {
            return;
        }
        try {
            flush();
        } finally {
            writer.close();
            writer = null;
        }
    }

    /** The statement each record is bound to. */
    abstract String statement();

    /** The session's keyspace, for tables the statement does not qualify (may be null). */
    String keyspace() {
        return null;
    }

    /** Whether null fields are left unset, beyond {@link CassandraSinkBaseConfig#getIgnoreNullFields()}. */
    boolean ignoreNullFields() {
        return false;
    }

    /** The bind values of one record, in statement order. */
    abstract Object[] fields(IN record);

    /** A future that only the sink completes. */
    private static final class FlushFuture<V> extends CompletableFuture<V> {
        void succeed() {
            super.complete(null);
        }

        void fail(Throwable failure) {
            super.completeExceptionally(failure);
        }

        @Override
        public boolean complete(V value) {
            throw new UnsupportedOperationException("The Cassandra sink completes this future");
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            throw new UnsupportedOperationException("The Cassandra sink completes this future");
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            throw new UnsupportedOperationException("The Cassandra sink completes this future");
        }
    }
}
