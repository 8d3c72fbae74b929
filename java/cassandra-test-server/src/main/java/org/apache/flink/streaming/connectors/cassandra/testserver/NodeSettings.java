package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings a single node ({@link CassandraTestServer.Builder}) and a cluster ({@link
 * CassandraCluster.Builder}) share, written once: the cluster hands them on to each node. The
 * defaults differ (a cluster's nodes get smaller heaps, fewer tokens, longer timeouts) and are
 * documented on each builder.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class NodeSettings<B extends NodeSettings<B>> {
    Path dataDir;
    int nativePort;
    int storagePort;
    String clusterName = "Test Cluster";
    int numTokens;
    int heapMb;
    Duration startTimeout;
    int ringDelayMs;
    boolean detached;
    Map<String, Object> extraYaml = new LinkedHashMap<>();
    Map<String, String> systemProperties = new LinkedHashMap<>();
    List<String> jvmArgs = new ArrayList<>();

    NodeSettings(int numTokens, int heapMb, Duration startTimeout, int ringDelayMs) {
        this.numTokens = numTokens;
        this.heapMb = heapMb;
        this.startTimeout = startTimeout;
        this.ringDelayMs = ringDelayMs;
    }

    @SuppressWarnings("unchecked") // B is the subclass by construction
    private B self() {
        return (B) this;
    }

    /** Directory of the node (or parent of the nodes' directories). */
    public B dataDir(Path dir) {
        this.dataDir = Objects.requireNonNull(dir);
        return self();
    }

    /** Fixed CQL port; 0 (default) picks a free one. */
    public B nativePort(int port) {
        this.nativePort = port;
        return self();
    }

    /** Fixed internode port; 0 (default) picks a free one. Equal on all nodes of a cluster. */
    public B storagePort(int port) {
        this.storagePort = port;
        return self();
    }

    public B clusterName(String name) {
        this.clusterName = Objects.requireNonNull(name);
        return self();
    }

    /** Tokens per node. */
    public B numTokens(int numTokens) {
        this.numTokens = numTokens;
        return self();
    }

    /** Heap of each node's JVM in MiB (-Xms and -Xmx). */
    public B heapMb(int heapMb) {
        this.heapMb = heapMb;
        return self();
    }

    /** How long a node's start (and a cluster's all-up wait) may take. */
    public B startTimeout(Duration timeout) {
        this.startTimeout = Objects.requireNonNull(timeout);
        return self();
    }

    /** -Dcassandra.ring_delay_ms of each node: how long a joining node waits for gossip. */
    public B ringDelayMs(int ms) {
        this.ringDelayMs = ms;
        return self();
    }

    /** Nodes that outlive this JVM (used by the CLI). */
    public B detached(boolean detached) {
        this.detached = detached;
        return self();
    }

    /** A raw cassandra.yaml top-level entry; overrides the generated one of the same key. */
    public B extraYaml(String key, Object value) {
        this.extraYaml.put(Objects.requireNonNull(key), value);
        return self();
    }

    public B extraYaml(Map<String, ?> entries) {
        this.extraYaml.putAll(entries);
        return self();
    }

    /** A -D system property for each node's JVM (overrides the defaults). */
    public B systemProperty(String key, String value) {
        this.systemProperties.put(key, value);
        return self();
    }

    /** An extra JVM argument for each node, appended after the defaults. */
    public B jvmArg(String arg) {
        this.jvmArgs.add(arg);
        return self();
    }

    /**
     * Copies these settings into {@code other}: scalars replace, yaml entries and system
     * properties are merged over the ones {@code other} has (so these win), JVM arguments appended.
     */
    void copyInto(NodeSettings<?> other) {
        other.dataDir = dataDir;
        other.nativePort = nativePort;
        other.storagePort = storagePort;
        other.clusterName = clusterName;
        other.numTokens = numTokens;
        other.heapMb = heapMb;
        other.startTimeout = startTimeout;
        other.ringDelayMs = ringDelayMs;
        other.detached(detached);
        other.extraYaml.putAll(extraYaml);
        other.systemProperties.putAll(systemProperties);
        other.jvmArgs.addAll(jvmArgs);
    }
}
