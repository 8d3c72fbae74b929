package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

/**
 * Writes {@link Row}s: of each row, the first {@code rowArity} fields bind the query's {@code ?}
 * markers in order. A {@code RichSinkFunction} for {@code stream.addSink(...)}; see {@link
 * CassandraSinkBase}.
 */
@PublicEvolving
public class CassandraRowSink extends AbstractCassandraTupleSink<Row> {
    private static final long serialVersionUID = 1L;

    private final int rowArity;

    public CassandraRowSink(int rowArity, String insertQuery, ClusterBuilder builder) {
        this(rowArity, insertQuery, builder, CassandraSinkBaseConfig.newBuilder().build());
    }

    CassandraRowSink(int rowArity, String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config) {
        this(rowArity, insertQuery, builder, config, new NoOpCassandraFailureHandler());
    }

    CassandraRowSink(
            int rowArity, String insertQuery, ClusterBuilder builder, CassandraSinkBaseConfig config,
            CassandraFailureHandler failureHandler) {
        super(insertQuery, builder, config, failureHandler);
        this.rowArity = rowArity;
    }

    @Override
    protected Object[] extract(Row record) {
        if (record.getArity() < rowArity) {
            throw new IllegalArgumentException("CassandraRowSink: a row has " + record.getArity()
                    + " fields, the sink was built for " + rowArity);
        }
        Object[] values = new Object[rowArity];
        for (int i = 0; i < rowArity; i++) {
            values[i] = record.getField(i);
        }
        return values;
    }
}
