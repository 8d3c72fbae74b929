package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/** The CQL consistency levels (as in the DataStax driver). */
@PublicEvolving
public enum ConsistencyLevel {
    ANY,
    ONE,
    TWO,
    THREE,
    QUORUM,
    ALL,
    LOCAL_QUORUM,
    EACH_QUORUM,
    SERIAL,
    LOCAL_SERIAL,
    LOCAL_ONE;

    /** Whether this is a level for the Paxos phase of lightweight transactions. */
    public boolean isSerial() {
        return this == SERIAL || this == LOCAL_SERIAL;
    }

    /** Whether this level only counts replicas in the local datacenter. */
    public boolean isDCLocal() {
        return this == LOCAL_ONE || this == LOCAL_QUORUM || this == LOCAL_SERIAL;
    }
}
