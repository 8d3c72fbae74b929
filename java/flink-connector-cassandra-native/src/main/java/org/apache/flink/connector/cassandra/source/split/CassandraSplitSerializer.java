package org.apache.flink.connector.cassandra.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Serializes {@link CassandraSplit}s: index, bounds, paging state and rows to skip. */
@Internal
public final class CassandraSplitSerializer implements SimpleVersionedSerializer<CassandraSplit> {
    public static final CassandraSplitSerializer INSTANCE = new CassandraSplitSerializer();
    /** Ours; the official connector's splits (version 0) carry no read position and are not read. */
    public static final int CURRENT_VERSION = 1;
    private static final int VERSION = CURRENT_VERSION;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CassandraSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public CassandraSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown CassandraSplit serializer version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    public static void write(CassandraSplit split, DataOutputView out) throws IOException {
        out.writeInt(split.index());
        out.writeLong(split.start());
        out.writeLong(split.end());
        byte[] paging = split.pagingState();
        out.writeInt(paging == null ? -1 : paging.length);
        if (paging != null) {
            out.write(paging);
        }
        out.writeInt(split.rowsToSkip());
    }

    public static CassandraSplit read(DataInputView in) throws IOException {
        int index = in.readInt();
        long start = in.readLong();
        long end = in.readLong();
        int length = in.readInt();
        byte[] paging = null;
        if (length >= 0) {
            paging = new byte[length];
            in.readFully(paging);
        }
        return new CassandraSplit(index, start, end, paging, in.readInt());
    }
}
