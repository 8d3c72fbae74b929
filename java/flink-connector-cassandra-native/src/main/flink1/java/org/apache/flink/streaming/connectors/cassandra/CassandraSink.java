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
 * Writes a stream to Cassandra. Start with {@link #addSink(DataStream)}, which picks the builder
 * for the stream's type (Flink Tuple, Row or POJO):
 *
 * <pre>{@code
 * CassandraSink.addSink(stream)
 *     .setQuery("INSERT INTO ks.users (id, age, name) VALUES (?, ?, ?)")
 *     .setHost("127.0.0.1")
 *     .build()
 *     .name("users");
 * }</pre>
 *
 * <p>By default the sink is at-least-once: before a checkpoint completes, every record it covers
 * has been acknowledged by Cassandra. {@code enableWriteAheadLog()} makes it exactly-once for
 * Tuple and Row streams (see {@link CassandraTupleWriteAheadSink}).
 *
 * <p>Which implementation {@code build()} adds (the official connector adds its {@code
 * RichSinkFunction}s, {@link CassandraTupleSink} and the like):
 * <ul>
 *   <li>at-least-once, for Tuple, Row, POJO and Scala product streams: a Sink V2 sink on the
 *       native writer (batched writes, linger timer, sink metrics); same guarantees as the
 *       official sinks, which it replaces because it sends fewer, larger native calls and reports
 *       Flink's standard sink metrics;
 *   <li>{@code enableWriteAheadLog()}: {@link CassandraTupleWriteAheadSink} or {@link
 *       CassandraRowWriteAheadSink}, as in the official connector.
 * </ul>
 * {@link CassandraTupleSink}, {@link CassandraRowSink}, {@link CassandraPojoSink} and {@link
 * CassandraScalaProductSink} are for jobs that add them themselves ({@code stream.addSink(new
 * CassandraTupleSink<>(query, builder))}) and for {@link CassandraAppendTableSink}; they write
 * through the same native writer.
 *
 * @param <IN> the record type
 */
@PublicEvolving
public class CassandraSink<IN> extends BaseCassandraSink<IN> {
    CassandraSink(DataStreamSink<IN> sink) {
        super(sink);
    }

    CassandraSink(SingleOutputStreamOperator<IN> operator) {
        super(operator);
    }

    /**
     * Returns the builder for a Scala {@code DataStream}, by its element type as {@link
     * #addSink(DataStream)} does (case classes and Scala tuples get a {@link
     * CassandraScalaProductSinkBuilder}). Needs the Flink Scala API on the class path, as Scala jobs have.
     */
    public static <IN> CassandraSinkBuilder<IN> addSink(org.apache.flink.streaming.api.scala.DataStream<IN> input) {
        return addSink(input.javaStream());
    }

    /** The builder of a Scala product stream (case classes, Scala tuples), for {@link #addSink(DataStream)}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <IN> CassandraSinkBuilder<IN> scalaProductBuilder(
            DataStream<IN> input, TypeInformation<IN> type, TypeSerializer<IN> serializer) {
        return new CassandraScalaProductSinkBuilder(input, type, serializer);
    }

    /**
     * Builder for Scala case classes and tuples ({@link scala.Product}s): element {@code i} binds
     * the {@code i}-th {@code ?} of the query. At-least-once only, as in the official connector.
     */
    public static class CassandraScalaProductSinkBuilder<IN extends scala.Product> extends CassandraSinkBuilder<IN> {
        public CassandraScalaProductSinkBuilder(DataStream<IN> input, TypeInformation<IN> typeInfo, TypeSerializer<IN> serializer) {
            super(input, typeInfo, serializer);
        }

        @Override
        protected void sanityCheck() {
            super.sanityCheck();
            requireQuery("Scala product");
            if (mapperOptions != null) {
                throw new IllegalArgumentException("Cassandra Scala product sink: setMapperOptions applies to POJO streams only");
            }
        }

        @Override
        protected CassandraSink<IN> createSink() {
            return atLeastOnce(query, CassandraScalaProductSink::productElements);
        }

        @Override
        protected CassandraSink<IN> createWriteAheadSink() {
            throw new IllegalArgumentException(
                    "Cassandra Scala product sink: the write-ahead log supports Flink Tuple and Row streams; "
                            + "map the records to Flink Tuples or Rows first");
        }
    }

}
