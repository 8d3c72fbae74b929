package org.apache.flink.batch.connectors.cassandra;

import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;
import org.apache.flink.streaming.connectors.cassandra.MapperOptions;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.io.InputSplit;
import org.apache.flink.streaming.connectors.cassandra.internal.source.RowConverter;

/**
 * Reads the rows of a SELECT as POJOs whose fields map to the result columns by the sink's mapper
 * annotations ({@code @Column}, {@code @Transient}); the class needs a no-argument constructor.
 */
@PublicEvolving
public class CassandraPojoInputFormat<OUT> extends CassandraInputFormatBase<OUT> {
    private static final long serialVersionUID = 1L;

    public CassandraPojoInputFormat(String query, ClusterBuilder builder, Class<OUT> inputClass) {
        super(query, builder, RowConverter.forPojos(inputClass));
    }

    /** As the official connector; mapper options do not apply to reads. */
    public CassandraPojoInputFormat(String query, ClusterBuilder builder, Class<OUT> inputClass, MapperOptions mapperOptions) {
        this(query, builder, inputClass);
    }

    // As in the official connector, the POJO format's methods declare no checked exception.

    @Override
    public void open(InputSplit split) {
        openSplit(split);
    }

    @Override
    public boolean reachedEnd() {
        return ended();
    }

    @Override
    public OUT nextRecord(OUT reuse) {
        return next(reuse);
    }
}
