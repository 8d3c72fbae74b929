package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schema of the cluster, read from {@code system_schema} through a {@link Session} when a
 * keyspace is asked for (the DataStax driver keeps a copy updated by schema events; here each
 * {@link #getKeyspace} call reads the current schema). Names follow the driver's rule:
 * case-insensitive unless double-quoted.
 */
@PublicEvolving
public final class Metadata {
    private final Cluster cluster;

    Metadata(Cluster cluster) {
        this.cluster = cluster;
    }

    public String getClusterName() {
        return cluster.getClusterName();
    }

    /** The keyspace, with its tables and their columns, or null if there is none of that name. */
    public KeyspaceMetadata getKeyspace(String keyspace) {
        String name = internal(keyspace);
        try (Session session = cluster.connect()) {
            return KeyspaceMetadata.read(session, name);
        }
    }

    /** Every keyspace, with its tables and their columns. */
    public List<KeyspaceMetadata> getKeyspaces() {
        List<KeyspaceMetadata> out = new ArrayList<>();
        try (Session session = cluster.connect()) {
            for (Row row : session.execute("SELECT keyspace_name FROM system_schema.keyspaces")) {
                KeyspaceMetadata keyspace = KeyspaceMetadata.read(session, row.getString(0));
                if (keyspace != null) {
                    out.add(keyspace);
                }
            }
        }
        return out;
    }

    /** {@code id} double-quoted when CQL needs it (upper case, other characters, reserved-looking). */
    public static String quote(String id) {
        return "\"" + id.replace("\"", "\"\"") + "\"";
    }

    /** The name as stored in the schema: unquoted, or lower-cased if given unquoted. */
    static String internal(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name: must not be null");
        }
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
