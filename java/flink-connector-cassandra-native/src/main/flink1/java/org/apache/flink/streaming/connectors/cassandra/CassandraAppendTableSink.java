package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.sinks.AppendStreamTableSink;
import org.apache.flink.table.utils.TableConnectorUtils;
import org.apache.flink.types.Row;
import org.apache.flink.util.Preconditions;

import java.util.Properties;

/**
 * The official connector's legacy table sink: writes an append-only table with {@code cql}, field
 * {@code i} binding the {@code i}-th {@code ?}, through a {@link CassandraRowSink} on the native
 * writer (at-least-once). Register it with {@code registerTableSinkInternal} after {@link
 * #configure}; for new jobs prefer a Table API connector.
 */
// deprecation: the legacy TableSink interfaces are the official class's API, deprecated in Flink 1.20.
@SuppressWarnings("deprecation")
@PublicEvolving
public class CassandraAppendTableSink implements AppendStreamTableSink<Row> {
    private final ClusterBuilder builder;
    private final String cql;
    private String[] fieldNames;
    private TypeInformation<?>[] fieldTypes;
    private final Properties properties;

    public CassandraAppendTableSink(ClusterBuilder builder, String cql) {
        this(builder, cql, new Properties());
    }

    /** {@code properties} are kept for compatibility; the official sink does not read them either. */
    public CassandraAppendTableSink(ClusterBuilder builder, String cql, Properties properties) {
        this.builder = Preconditions.checkNotNull(builder, "ClusterBuilder must not be null.");
        this.cql = Preconditions.checkNotNull(cql, "CQL query must not be null.");
        this.properties = Preconditions.checkNotNull(properties, "Properties must not be null.");
    }

    @Override
    public TypeInformation<Row> getOutputType() {
        return new RowTypeInfo(fieldTypes);
    }

    @Override
    public String[] getFieldNames() {
        return fieldNames;
    }

    @Override
    public TypeInformation<?>[] getFieldTypes() {
        return fieldTypes;
    }

    @Override
    public CassandraAppendTableSink configure(String[] fieldNames, TypeInformation<?>[] fieldTypes) {
        CassandraAppendTableSink configured = new CassandraAppendTableSink(builder, cql, properties);
        configured.fieldNames = Preconditions.checkNotNull(fieldNames, "Field names must not be null.");
        configured.fieldTypes = Preconditions.checkNotNull(fieldTypes, "Field types must not be null.");
        Preconditions.checkArgument(fieldNames.length == fieldTypes.length,
                "Number of provided field names (%s) and types (%s) does not match.",
                fieldNames.length, fieldTypes.length);
        return configured;
    }

    @Override
    public DataStreamSink<?> consumeDataStream(DataStream<Row> dataStream) {
        if (!(dataStream.getType() instanceof RowTypeInfo)) {
            throw new TableException("No support for the type of the given DataStream: " + dataStream.getType());
        }
        CassandraRowSink sink = new CassandraRowSink(
                dataStream.getType().getArity(), cql, builder,
                CassandraSinkBaseConfig.newBuilder().build(), new NoOpCassandraFailureHandler());
        return dataStream
                .addSink(sink)
                .setParallelism(dataStream.getParallelism())
                .name(TableConnectorUtils.generateRuntimeName(getClass(), fieldNames));
    }
}
