package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The CQL consistency level names, checked where a user sets them. Internal. */
@Internal
public final class ConsistencyLevels {
    public static final List<String> NAMES =
            Arrays.asList(
                    "ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM",
                    "SERIAL", "LOCAL_SERIAL", "LOCAL_ONE");

    private ConsistencyLevels() {}

    /** The upper-case name of {@code level}; rejects unknown names naming {@code setting}. */
    public static String check(String setting, String level) {
        String name = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new CassandraConfigurationException(
                    setting + ": unknown consistency level '" + level + "' (use one of " + NAMES + ")");
        }
        return name;
    }
}
