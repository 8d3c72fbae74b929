package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/** Turns one record into the bind values of the sink's statement, in order. */
@Internal
@FunctionalInterface
public interface RecordExtractor<IN> extends Serializable {
    Object[] extract(IN record);
}
