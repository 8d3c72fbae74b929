package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.connectors.cassandra.internal.mapping.PojoMapping;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.CassandraAtLeastOnceSink;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.FlinkValues;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.RecordExtractor;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.SinkOptions;
import org.apache.flink.streaming.connectors.cassandra.internal.sink.WritePlan;
import org.apache.flink.streaming.runtime.operators.CheckpointCommitter;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

import java.time.Duration;

/**
 * The part of {@link CassandraSink} that is the same on every Flink line: the builders and the
 * settings of the added sink. Jobs use {@link CassandraSink}; the Flink 1.20 line adds the Scala
 * API's {@code addSink} there.
 *
 * @param <IN> the record type
 */
@PublicEvolving
public abstract class BaseCassandraSink<IN> {
    private final DataStreamSink<IN> sink;
    private final SingleOutputStreamOperator<IN> operator;

    BaseCassandraSink(DataStreamSink<IN> sink) {
        this.sink = sink;
        this.operator = null;
    }

    BaseCassandraSink(SingleOutputStreamOperator<IN> operator) {
        this.sink = null;
        this.operator = operator;
    }

    @SuppressWarnings("unchecked")
    private CassandraSink<IN> self() {
        return (CassandraSink<IN>) this;
    }

    /** Whether this sink writes through a write-ahead log (exactly-once). */
    public boolean isWriteAheadLog() {
        return operator != null;
    }

    /** Sets the name shown in logs and the web UI. */
    public CassandraSink<IN> name(String name) {
        if (sink != null) {
            sink.name(name);
        } else {
            operator.name(name);
        }
        return self();
    }

    /** Sets the operator's unique id, which savepoints use to find its state. */
    @PublicEvolving
    public CassandraSink<IN> uid(String uid) {
        if (sink != null) {
            sink.uid(uid);
        } else {
            operator.uid(uid);
        }
        return self();
    }

    /** Sets the user-provided hash of the operator id (see Flink's {@code setUidHash}). */
    @PublicEvolving
    public CassandraSink<IN> setUidHash(String uidHash) {
        if (sink != null) {
            sink.setUidHash(uidHash);
        } else {
            operator.setUidHash(uidHash);
        }
        return self();
    }

    public CassandraSink<IN> setParallelism(int parallelism) {
        if (sink != null) {
            sink.setParallelism(parallelism);
        } else {
            operator.setParallelism(parallelism);
        }
        return self();
    }

    /** Starts a new chain with this operator, so it does not share a thread with its input. */
    public CassandraSink<IN> disableChaining() {
        if (sink != null) {
            sink.disableChaining();
        } else {
            operator.disableChaining();
        }
        return self();
    }

    public CassandraSink<IN> slotSharingGroup(String slotSharingGroup) {
        if (sink != null) {
            sink.slotSharingGroup(slotSharingGroup);
        } else {
            operator.slotSharingGroup(slotSharingGroup);
        }
        return self();
    }

    /** The write-ahead-log operator (null for an at-least-once sink); for tests. */
    CassandraWriteAheadSinkBase<?> writeAheadOperator() {
        return operator == null ? null
                : (CassandraWriteAheadSinkBase<?>) ((org.apache.flink.streaming.api.transformations.OneInputTransformation<?, ?>)
                        operator.getTransformation()).getOperator();
    }

    /** The sink as Flink sees it, for settings this class does not forward (null for a WAL sink). */
    public DataStreamSink<IN> getSinkTransformation() {
        return sink;
    }

    /**
     * Returns the builder for {@code input}'s type: Tuple, Row, POJO or Scala product (case class,
     * Scala tuple).
     *
     * @throws IllegalArgumentException for other types, naming the type
     */
    // The casts re-attach the element type that instanceof checks on TypeInformation cannot carry.
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <IN> CassandraSinkBuilder<IN> addSink(DataStream<IN> input) {
        TypeInformation<IN> type = input.getType();
        TypeSerializer<IN> serializer = type.createSerializer(input.getExecutionConfig().getSerializerConfig());
        if (type instanceof TupleTypeInfo) {
            return new CassandraTupleSinkBuilder(input, type, serializer);
        }
        if (type instanceof RowTypeInfo) {
            return (CassandraSinkBuilder) new CassandraRowSinkBuilder((DataStream) input, (TypeInformation) type, (TypeSerializer) serializer);
        }
        if (type instanceof PojoTypeInfo) {
            return new CassandraPojoSinkBuilder<>(input, type, serializer);
        }
        if (isCaseClass(type)) {
            return CassandraSink.scalaProductBuilder(input, type, serializer);
        }
        throw new IllegalArgumentException(
                "No Cassandra sink for the type " + type + " of stream '" + input.getTransformation().getName()
                        + "': use Flink Tuples, Rows or POJOs (public class, public no-argument constructor, "
                        + "public fields or getters/setters), or Scala case classes");
    }

    /**
     * Whether {@code type} is the Scala API's type of case classes and Scala tuples; by name, so
     * that Java jobs without the Scala API on their class path never load it.
     */
    private static boolean isCaseClass(TypeInformation<?> type) {
        for (Class<?> c = type.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.flink.api.scala.typeutils.CaseClassTypeInfo")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Configures a Cassandra sink; {@link #build()} checks the settings together.
     *
     * @param <IN> the record type
     */
    public abstract static class CassandraSinkBuilder<IN> {
        protected final DataStream<IN> input;
        protected final TypeSerializer<IN> serializer;
        protected final TypeInformation<IN> typeInfo;
        protected final SinkOptions options = new SinkOptions();
        protected ClusterBuilder builder;
        protected String query;
        protected String keyspace;
        protected MapperOptions mapperOptions;
        protected CassandraFailureHandler failureHandler;
        protected CheckpointCommitter committer;
        protected boolean isWriteAheadLogEnabled;

        protected CassandraSinkBuilder(DataStream<IN> input, TypeInformation<IN> typeInfo, TypeSerializer<IN> serializer) {
            this.input = input;
            this.typeInfo = typeInfo;
            this.serializer = serializer;
        }

        /** The CQL statement each record is bound to, with one {@code ?} per field. */
        public CassandraSinkBuilder<IN> setQuery(String query) {
            Preconditions.checkArgument(query != null && !query.trim().isEmpty(), "setQuery: the query must not be empty");
            this.query = query;
            return this;
        }

        /** The keyspace of tables the query (or POJO mapping) does not qualify. */
        public CassandraSinkBuilder<IN> setDefaultKeyspace(String keyspace) {
            Preconditions.checkArgument(keyspace != null && !keyspace.isEmpty(), "setDefaultKeyspace: must not be empty");
            this.keyspace = keyspace;
            return this;
        }

        /** Connects to {@code host} on port 9042. */
        public CassandraSinkBuilder<IN> setHost(String host) {
            return setHost(host, 9042);
        }

        /** Connects to {@code host:port}; use {@link #setClusterBuilder} for anything more. */
        public CassandraSinkBuilder<IN> setHost(final String host, final int port) {
            Preconditions.checkArgument(this.builder == null, "setHost: the connection is already configured (setHost or setClusterBuilder)");
            this.builder = new HostClusterBuilder(host, port);
            this.builder.getCluster(); // validates host and port now, naming the bad setting
            return this;
        }

        /** The connection configuration (contact points, credentials, TLS, policies...). */
        public CassandraSinkBuilder<IN> setClusterBuilder(ClusterBuilder builder) {
            Preconditions.checkArgument(this.builder == null, "setClusterBuilder: the connection is already configured (setHost or setClusterBuilder)");
            this.builder = Preconditions.checkNotNull(builder, "setClusterBuilder: builder");
            // The official connector cleans it in the sinks' constructors; every sink made here uses it.
            ClosureCleaner.clean(builder, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
            return this;
        }

        /** Options of the generated POJO statement (TTL, timestamp, consistency, null handling). */
        public CassandraSinkBuilder<IN> setMapperOptions(MapperOptions options) {
            this.mapperOptions = Preconditions.checkNotNull(options, "setMapperOptions: options");
            return this;
        }

        /** What a failed write means once retries are used up; by default the job fails. */
        public CassandraSinkBuilder<IN> setFailureHandler(CassandraFailureHandler handler) {
            this.failureHandler = Preconditions.checkNotNull(handler, "setFailureHandler: handler");
            return this;
        }

        /** At most {@code n} writes in flight per subtask; more records wait (backpressure). */
        public CassandraSinkBuilder<IN> setMaxConcurrentRequests(int n) {
            options.maxConcurrentRequests(n, null);
            return this;
        }

        /** Like {@link #setMaxConcurrentRequests(int)}; a record waits at most {@code timeout} for a slot. */
        public CassandraSinkBuilder<IN> setMaxConcurrentRequests(int n, Duration timeout) {
            options.maxConcurrentRequests(n, timeout);
            return this;
        }

        /** How many times a write that failed transiently (timeout, unavailable, overloaded) is retried. */
        public CassandraSinkBuilder<IN> setMaxRetries(int retries) {
            options.maxRetries(retries);
            return this;
        }

        /**
         * Whether the query is safe to repeat, i.e. whether a write that timed out (and may have
         * been applied) is retried. By default the sink decides from the query: counter updates,
         * list appends and prepends, conditional updates ({@code IF ...}) and calls of {@code
         * now()}, {@code uuid()} and the other non-deterministic functions are not retried after
         * a timeout; everything else is. This setting overrides that decision.
         */
        public CassandraSinkBuilder<IN> setIdempotent(boolean idempotent) {
            options.idempotent(idempotent);
            return this;
        }

        /**
         * Lets Cassandra assign each row's write time when it applies the row. By default the
         * client assigns it when the row is submitted (µs, strictly increasing within the
         * TaskManager process) and every retry reuses it, so that a retried write never
         * overwrites a newer write of the same key; with server-side timestamps it can. A
         * {@code USING TIMESTAMP} in the statement wins over both.
         */
        public CassandraSinkBuilder<IN> setServerSideTimestamps() {
            options.serverSideTimestamps(true);
            return this;
        }

        /**
         * How long a flush (before each checkpoint and at end of input) may go without any write
         * completing before the checkpoint fails; the failure handler cannot swallow this. By
         * default long enough for one write that uses every retry.
         */
        public CassandraSinkBuilder<IN> setFlushTimeout(Duration timeout) {
            options.flushTimeout(Preconditions.checkNotNull(timeout, "setFlushTimeout: timeout"));
            return this;
        }

        /**
         * At most {@code rows} rows written per second by each parallel subtask (the sink's total
         * is this times its parallelism); more records wait (backpressure). Enforced by the
         * native write pipeline; retries are not counted. Unlimited by default.
         */
        public CassandraSinkBuilder<IN> setMaxRowsPerSecond(long rows) {
            options.maxRowsPerSecond(rows);
            return this;
        }

        /**
         * At most {@code bytes} bytes of bound values (each with its 4-byte length) written per
         * second by each parallel subtask; more records wait. Unlimited by default.
         */
        public CassandraSinkBuilder<IN> setMaxBytesPerSecond(long bytes) {
            options.maxBytesPerSecond(bytes);
            return this;
        }

        /**
         * Sends rows that share a partition ({@link BatchGrouping#PARTITION}) or a replica set
         * ({@link BatchGrouping#REPLICA_SET}) as UNLOGGED batches, instead of one request per row
         * ({@link BatchGrouping#NONE}, the default). Rows are grouped within one buffer of {@link
         * #setBatchSize} rows; a batch holds at most 64 rows and 4 KiB of values by default
         * ({@link #setBatchGroupLimits}), never two rows of one primary key (a batch has one write
         * timestamp, so the later row goes in a later batch), and is retried and counted row by
         * row. Statements that are not safe to repeat (counters, {@code IF}, appends) are always
         * written row by row.
         */
        public CassandraSinkBuilder<IN> setBatchGrouping(BatchGrouping grouping) {
            options.batchGrouping(grouping);
            return this;
        }

        /** The most rows and value bytes (each value with its 4-byte length) of one grouped batch. */
        public CassandraSinkBuilder<IN> setBatchGroupLimits(int maxRows, int maxBytes) {
            options.batchGroupLimits(maxRows, maxBytes);
            return this;
        }

        /** Rows per native call (default 1000). */
        public CassandraSinkBuilder<IN> setBatchSize(int rows) {
            options.batchRows(rows);
            return this;
        }

        /** How long a row may wait in the buffer before it is sent (default 20 ms). */
        public CassandraSinkBuilder<IN> setMaxBufferedTime(Duration linger) {
            options.linger(linger);
            return this;
        }

        /** Null fields leave the column as it is (unset) instead of writing a null (tombstone). */
        public CassandraSinkBuilder<IN> enableIgnoreNullFields() {
            options.ignoreNullFields(true);
            return this;
        }

        /** Exactly-once through a write-ahead log, with a {@link CassandraCommitter} on the same cluster. */
        public CassandraSinkBuilder<IN> enableWriteAheadLog() {
            this.isWriteAheadLogEnabled = true;
            return this;
        }

        /** Exactly-once through a write-ahead log, with {@code committer} recording finished checkpoints. */
        public CassandraSinkBuilder<IN> enableWriteAheadLog(CheckpointCommitter committer) {
            this.isWriteAheadLogEnabled = true;
            this.committer = Preconditions.checkNotNull(committer, "enableWriteAheadLog: committer");
            return this;
        }

        /**
         * Adds the sink to the job.
         *
         * @throws IllegalArgumentException when the settings do not fit together (the message says which)
         */
        public CassandraSink<IN> build() throws Exception {
            sanityCheck();
            if (isWriteAheadLogEnabled) {
                return createWriteAheadSink();
            }
            return createSink();
        }

        protected void sanityCheck() {
            if (builder == null) {
                throw new IllegalArgumentException("Cassandra sink: no connection configured; call setHost or setClusterBuilder");
            }
            if (failureHandler == null) {
                failureHandler = new NoOpCassandraFailureHandler();
            }
        }

        protected abstract CassandraSink<IN> createSink() throws Exception;

        protected abstract CassandraSink<IN> createWriteAheadSink() throws Exception;

        /** The write plan of {@code statement} with this builder's settings (a snapshot of them). */
        protected WritePlan plan(String statement) {
            return plan(statement, options);
        }

        protected WritePlan plan(String statement, SinkOptions settings) {
            return WritePlan.builder(builder, statement).keyspace(keyspace).options(settings)
                    .failureHandler(failureHandler).build();
        }

        /** Adds an at-least-once sink that binds each record as {@code extractor} says. */
        protected CassandraSink<IN> atLeastOnce(String statement, RecordExtractor<IN> extractor) {
            return atLeastOnce(plan(statement), extractor);
        }

        protected CassandraSink<IN> atLeastOnce(WritePlan plan, RecordExtractor<IN> extractor) {
            CassandraAtLeastOnceSink<IN> sink = new CassandraAtLeastOnceSink<>(plan, extractor);
            return new CassandraSink<>(input.sinkTo(sink).name("Cassandra Sink"));
        }

        /** Adds a write-ahead-log operator. */
        protected CassandraSink<IN> writeAheadLog(CassandraWriteAheadSinkBase<IN> walOperator) {
            if (keyspace != null) {
                throw new IllegalArgumentException("Cassandra write-ahead-log sink: setDefaultKeyspace is not applied to "
                        + "the statement, which is prepared as written; qualify the table in setQuery "
                        + "(\"INSERT INTO " + keyspace + ".table ...\") instead");
            }
            walOperator.configure(plan(walOperator.insertQuery()));
            SingleOutputStreamOperator<IN> op = input.transform("Cassandra Sink", null, walOperator);
            return new CassandraSink<>(op);
        }

        protected CheckpointCommitter committerOrDefault() {
            return committer != null ? committer : new CassandraCommitter(builder);
        }

        protected void requireQuery(String kind) {
            if (query == null) {
                throw new IllegalArgumentException("Cassandra " + kind + " sink: no query; call setQuery(\"INSERT INTO ks.table (a, b) VALUES (?, ?)\")");
            }
        }
    }

    /** Builder for Flink Tuple streams: field {@code i} binds the {@code i}-th {@code ?}. */
    public static class CassandraTupleSinkBuilder<IN extends Tuple> extends CassandraSinkBuilder<IN> {
        public CassandraTupleSinkBuilder(DataStream<IN> input, TypeInformation<IN> typeInfo, TypeSerializer<IN> serializer) {
            super(input, typeInfo, serializer);
        }

        @Override
        protected void sanityCheck() {
            super.sanityCheck();
            requireQuery("Tuple");
            if (mapperOptions != null) {
                throw new IllegalArgumentException("Cassandra Tuple sink: setMapperOptions applies to POJO streams only");
            }
        }

        @Override
        protected CassandraSink<IN> createSink() {
            return atLeastOnce(query, FlinkValues::fieldsOf);
        }

        @Override
        protected CassandraSink<IN> createWriteAheadSink() throws Exception {
            return writeAheadLog(new CassandraTupleWriteAheadSink<>(query, serializer, builder, committerOrDefault()));
        }
    }

    /** Builder for {@link Row} streams: field {@code i} binds the {@code i}-th {@code ?}. */
    public static class CassandraRowSinkBuilder extends CassandraSinkBuilder<Row> {
        public CassandraRowSinkBuilder(DataStream<Row> input, TypeInformation<Row> typeInfo, TypeSerializer<Row> serializer) {
            super(input, typeInfo, serializer);
        }

        @Override
        protected void sanityCheck() {
            super.sanityCheck();
            requireQuery("Row");
            if (mapperOptions != null) {
                throw new IllegalArgumentException("Cassandra Row sink: setMapperOptions applies to POJO streams only");
            }
        }

        @Override
        protected CassandraSink<Row> createSink() {
            return atLeastOnce(query, FlinkValues::fieldsOf);
        }

        @Override
        protected CassandraSink<Row> createWriteAheadSink() throws Exception {
            return writeAheadLog(new CassandraRowWriteAheadSink(query, serializer, builder, committerOrDefault()));
        }
    }

    /**
     * Builder for POJO streams: the INSERT is generated from the class's mapping annotations
     * ({@code @Table}, {@code @Column}, {@code @Transient}, ...; ours or the DataStax mapper's).
     */
    public static class CassandraPojoSinkBuilder<IN> extends CassandraSinkBuilder<IN> {
        public CassandraPojoSinkBuilder(DataStream<IN> input, TypeInformation<IN> typeInfo, TypeSerializer<IN> serializer) {
            super(input, typeInfo, serializer);
        }

        @Override
        protected void sanityCheck() {
            super.sanityCheck();
            if (query != null) {
                throw new IllegalArgumentException(
                        "Cassandra POJO sink: setQuery is not used for POJOs; the statement comes from the class's @Table/@Column annotations");
            }
        }

        @Override
        protected CassandraSink<IN> createSink() {
            PojoMapping<IN> mapping = PojoMapping.of(typeInfo.getTypeClass(), keyspace, mapperOptions);
            SinkOptions settings = options.copy().ignoreNullFields(options.ignoreNullFields() || !mapping.saveNullFields());
            if (mapping.consistency() != null) {
                settings.consistency(mapping.consistency()); // Mapper.Option.consistencyLevel
            }
            return atLeastOnce(plan(mapping.insertStatement(), settings), mapping.extractor());
        }

        @Override
        protected CassandraSink<IN> createWriteAheadSink() {
            throw new IllegalArgumentException(
                    "Cassandra POJO sink: the write-ahead log supports Tuple and Row streams; map the POJOs to Tuples or Rows first");
        }
    }

    /** The connection of {@code setHost}. */
    private static final class HostClusterBuilder extends ClusterBuilder {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;

        HostClusterBuilder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        protected Cluster buildCluster(Cluster.Builder builder) {
            return builder.addContactPoint(host).withPort(port).build();
        }
    }
}
