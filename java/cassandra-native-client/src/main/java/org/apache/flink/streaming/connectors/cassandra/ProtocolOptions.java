package org.apache.flink.streaming.connectors.cassandra;

/** Protocol options, as in the DataStax driver; only {@link Compression} is used here. */
public final class ProtocolOptions {
    /** The default native port. */
    public static final int DEFAULT_PORT = 9042;

    private ProtocolOptions() {}

    /** Frame compression. The native core supports NONE and LZ4; SNAPPY is rejected. */
    public enum Compression {
        NONE,
        SNAPPY,
        LZ4
    }
}
