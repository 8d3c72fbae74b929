package org.apache.flink.connector.cassandra.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.connector.cassandra.source.split.CassandraSplit;
import org.apache.flink.connector.cassandra.source.split.CassandraSplitSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Serializes {@link CassandraEnumeratorState}: the planned flag and the unassigned splits. */
@Internal
public final class CassandraEnumeratorStateSerializer implements SimpleVersionedSerializer<CassandraEnumeratorState> {
    public static final CassandraEnumeratorStateSerializer INSTANCE = new CassandraEnumeratorStateSerializer();
    /** Ours; the official connector's state (version 0) has another layout and is not read. */
    public static final int CURRENT_VERSION = 1;
    private static final int VERSION = CURRENT_VERSION;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CassandraEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + 40 * state.unassigned().size());
        out.writeBoolean(state.planned());
        out.writeInt(state.unassigned().size());
        for (CassandraSplit split : state.unassigned()) {
            CassandraSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public CassandraEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown CassandraEnumeratorState serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean planned = in.readBoolean();
        int n = in.readInt();
        List<CassandraSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            splits.add(CassandraSplitSerializer.read(in));
        }
        return new CassandraEnumeratorState(planned, splits);
    }
}
