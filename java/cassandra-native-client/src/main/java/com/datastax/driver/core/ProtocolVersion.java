package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/** Native protocol versions. The native core speaks V4 (default) and V5 (Cassandra 4.0+). */
@PublicEvolving
public enum ProtocolVersion {
    V1,
    V2,
    V3,
    V4,
    V5;

    public static final ProtocolVersion NEWEST_SUPPORTED = V5;

    public int toInt() {
        return ordinal() + 1;
    }
}
