package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraFailureHandler;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.NoOpCassandraFailureHandler;
import org.apache.flink.util.Preconditions;

import java.io.Serializable;

/**
 * Everything one sink, output format or table sink writes with, fixed when the job is built: the
 * connection (and with it the consistency, from the cluster's query options), the statement and
 * its default keyspace, the write options (window, retries, null handling, timestamps,
 * idempotence, flush timeout, batching, rate) and the failure handler. Immutable: the builders
 * keep collecting settings in their own {@link SinkOptions}, and a plan holds a private copy.
 *
 * <p>Every write path starts from a plan: {@link #open()} connects and prepares the statement,
 * {@link #encoder(RecordExtractor)} turns records into bind values the same way everywhere. A
 * sink that needs a second statement on the same settings (a DELETE beside the INSERT) derives
 * it with {@link #withStatement(String)}.
 */
@Internal
public final class WritePlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ClusterBuilder cluster;
    private final String statement;
    private final String keyspace;
    private final SinkOptions options;
    private final CassandraFailureHandler failureHandler;

    private WritePlan(
            ClusterBuilder cluster, String statement, String keyspace, SinkOptions options,
            CassandraFailureHandler failureHandler) {
        this.cluster = cluster;
        this.statement = statement;
        this.keyspace = keyspace;
        this.options = options;
        this.failureHandler = failureHandler;
    }

    /** Starts a plan for {@code statement} (CQL with one {@code ?} per bind value) on {@code cluster}. */
    public static Builder builder(ClusterBuilder cluster, String statement) {
        return new Builder(cluster, statement);
    }

    /** The same settings for another statement (e.g. the DELETE of a table sink beside its INSERT). */
    public WritePlan withStatement(String otherStatement) {
        return new WritePlan(cluster, checkStatement(otherStatement), keyspace, options, failureHandler);
    }

    /** Connects (sharing the session of equal settings), prepares the statement and opens a pipeline. */
    public RowBatcher open() {
        return RowBatcher.open(cluster.getCluster(), statement, keyspace, options, failureHandler);
    }

    /** The record encoder of this plan: {@code extractor}, then this plan's null handling. */
    public <IN> RecordEncoder<IN> encoder(RecordExtractor<IN> extractor) {
        return new RecordEncoder<>(extractor, options.ignoreNullFields());
    }

    public ClusterBuilder cluster() {
        return cluster;
    }

    public String statement() {
        return statement;
    }

    /** The keyspace of unqualified tables, or null. */
    public String keyspace() {
        return keyspace;
    }

    /** A copy of the write options (changing it does not change the plan). */
    public SinkOptions options() {
        return options.copy();
    }

    public CassandraFailureHandler failureHandler() {
        return failureHandler;
    }

    public boolean ignoreNullFields() {
        return options.ignoreNullFields();
    }

    public long lingerMillis() {
        return options.lingerMillis();
    }

    @Override
    public String toString() {
        return "WritePlan{statement='" + statement + "', keyspace=" + keyspace + ", " + options
                + ", failureHandler=" + failureHandler.getClass().getName() + '}';
    }

    private static String checkStatement(String statement) {
        Preconditions.checkArgument(statement != null && !statement.trim().isEmpty(), "the statement must not be empty");
        return statement;
    }

    /** Collects a plan's parts; {@link #build()} copies them. */
    public static final class Builder {
        private final ClusterBuilder cluster;
        private final String statement;
        private String keyspace;
        private SinkOptions options = new SinkOptions();
        private CassandraFailureHandler failureHandler = new NoOpCassandraFailureHandler();

        private Builder(ClusterBuilder cluster, String statement) {
            this.cluster = Preconditions.checkNotNull(cluster, "the connection (ClusterBuilder) must be set");
            this.statement = checkStatement(statement);
        }

        /** The keyspace of tables the statement does not qualify (null: none). */
        public Builder keyspace(String keyspace) {
            this.keyspace = keyspace;
            return this;
        }

        public Builder options(SinkOptions options) {
            this.options = Preconditions.checkNotNull(options, "options");
            return this;
        }

        /** Null keeps the default, which fails the job on a failed write. */
        public Builder failureHandler(CassandraFailureHandler failureHandler) {
            if (failureHandler != null) {
                this.failureHandler = failureHandler;
            }
            return this;
        }

        public WritePlan build() {
            return new WritePlan(cluster, statement, keyspace, options.copy(), failureHandler);
        }
    }
}
