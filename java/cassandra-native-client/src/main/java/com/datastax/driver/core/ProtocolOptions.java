package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/** Protocol options, as in the DataStax driver; only {@link Compression} is used here. */
@PublicEvolving
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
