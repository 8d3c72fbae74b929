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
 * A Cassandra sink added to a {@link DataStream}: {@code CassandraSink.addSink(stream)} returns
 * the builder for the stream's type (Flink Tuple, Row or POJO); see {@link BaseCassandraSink} for
 * the builders. The Flink 2 line: the Scala API is gone, so there is no Scala {@code addSink}.
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

    /** Flink 2 has no Scala API: a case-class stream is reported, naming its type. */
    static <IN> CassandraSinkBuilder<IN> scalaProductBuilder(
            DataStream<IN> input, TypeInformation<IN> type, TypeSerializer<IN> serializer) {
        throw new IllegalArgumentException("No Cassandra sink for the Scala type " + type + " of stream '"
                + input.getTransformation().getName() + "': Flink 2 has no Scala API; use Tuples, Rows or POJOs");
    }
}
