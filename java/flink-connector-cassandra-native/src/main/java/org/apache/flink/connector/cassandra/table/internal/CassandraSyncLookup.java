package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;

import java.util.Collection;

/** {@code 'lookup.async' = 'false'}: one blocking query per key on the task thread. */
@Internal
public final class CassandraSyncLookup extends LookupFunction {
    private static final long serialVersionUID = 1L;
    private final CassandraLookupFunction lookup;

    CassandraSyncLookup(CassandraLookupFunction lookup) {
        this.lookup = lookup;
    }

    @Override
    public void open(FunctionContext context) {
        lookup.open();
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) {
        return lookup.lookup(keyRow);
    }

    @Override
    public void close() {
        lookup.close();
    }
}
