package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

/** How far a node is, for {@link PoolingOptions}: the local datacenter or a remote one. */
@PublicEvolving
public enum HostDistance {
    LOCAL,
    REMOTE,
    IGNORED
}
