package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster of real Cassandra nodes, each in its own child JVM, on 127.0.0.1, 127.0.0.2, ... (Linux
 * routes the whole 127/8 to loopback without setup). All nodes share one CQL port and one storage
 * port and differ by address; the first node is the seed.
 *
 * <pre>{@code
 * try (CassandraCluster cluster = CassandraCluster.builder().nodes(3).build().start()) {
 *     cluster.kill(2);            // SIGKILL of 127.0.0.2
 *     cluster.restart(2);         // back on its data, same ports
 *     cluster.awaitAllUp();       // every node sees every other as alive
 * }
 * }</pre>
 *
 * <p>Nodes are numbered from 1 (node {@code i} listens on {@code 127.0.0.i}). Start-up is
 * staggered (one node joins at a time) and uses small heaps and few tokens, so a 3-node cluster
 * starts on a busy 2-core machine.
 */
public final class CassandraCluster implements AutoCloseable {

    /** Keyspace (replicated to every node) that {@link #awaitAllUp()} reads at consistency ALL. */
    public static final String PROBE_KEYSPACE = "cassandra_test_probe";

    private static final int PROBE_TIMEOUT_MILLIS = 5_000;

    private final Builder config;
    private final List<CassandraTestServer> nodes = new ArrayList<>();
    private int nativePort;
    private int storagePort;
    private Duration startupTime;

    private CassandraCluster(Builder builder) {
        this.config = builder;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node, one after the other, then waits until each sees all the others alive.
     *
     * @return this
     * @throws CassandraStartException if a node does not come up
     */
    public synchronized CassandraCluster start() {
        if (!nodes.isEmpty()) {
            return this;
        }
        long t0 = System.nanoTime();
        choosePorts();
        List<String> seeds = List.of(address(1));
        Path base = config.dataDir.toAbsolutePath().normalize();
        for (int i = 1; i <= config.nodes; i++) {
            CassandraTestServer.Builder b = CassandraTestServer.builder()
                    // system tables (schema, prepared statements) through the commit log and
                    // schema changes flushed: a killed node must come back with its schema
                    .systemProperty("cassandra.unsafesystem", "false")
                    // the schema is read from sstables before the commit log is replayed
                    .systemProperty("cassandra.test.flush_local_schema_changes", "true")
                    // Cassandra's own timeouts, not the single node's long ones: the fault
                    // tests expect a coordinator to give up on a dead replica (a read or write
                    // timeout) before the client's request timeout does
                    .extraYaml("read_request_timeout", "5000ms")
                    .extraYaml("range_request_timeout", "10000ms")
                    .extraYaml("write_request_timeout", "2000ms")
                    .extraYaml("counter_write_request_timeout", "5000ms")
                    .extraYaml("request_timeout", "10000ms")
                    .extraYaml("initial_token", initialTokens(i, config.nodes, config.numTokens));
            // the shared settings (heap, tokens, timeouts, the ring delay: the longest a joining
            // node waits for the seed's gossip, 1 s being too short on a busy machine, and the
            // caller's yaml and properties over the ones above), then what is this node's own
            config.copyInto(b);
            b.address(address(i))
                    .dataDir(base.resolve("node" + i))
                    .nativePort(nativePort)
                    .storagePort(storagePort)
                    .seeds(seeds);
            nodes.add(b.build());
        }
        try {
            for (CassandraTestServer node : nodes) {
                // one join at a time: concurrent joins race for tokens and starve a small machine
                node.start();
            }
            awaitAllUp();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        return this;
    }

    /**
     * Evenly spaced, interleaved Murmur3 tokens: node {@code i} gets every {@code n}-th of {@code
     * n * t} points. Computed here because the token allocator, on a cluster that starts empty
     * without bootstrap, gave the second and third node the same tokens.
     */
    static String initialTokens(int i, int n, int t) {
        java.math.BigInteger min = java.math.BigInteger.valueOf(Long.MIN_VALUE);
        java.math.BigInteger step = java.math.BigInteger.ONE.shiftLeft(64).divide(java.math.BigInteger.valueOf((long) n * t));
        List<String> tokens = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            tokens.add(min.add(step.multiply(java.math.BigInteger.valueOf((long) k * n + (i - 1)))).toString());
        }
        return String.join(",", tokens);
    }

    private void choosePorts() {
        if (config.nativePort != 0 && config.storagePort != 0) {
            nativePort = config.nativePort;
            storagePort = config.storagePort;
            return;
        }
        // the ports must be free on every node's address (other clusters may run on this machine)
        for (int attempt = 0; attempt < 100; attempt++) {
            int n = config.nativePort != 0 ? config.nativePort : NodeProcess.freePort(address(1));
            int s = config.storagePort != 0 ? config.storagePort : NodeProcess.freePort(address(1));
            if (n != s && freeOnAllAddresses(n) && freeOnAllAddresses(s)) {
                nativePort = n;
                storagePort = s;
                return;
            }
        }
        throw new CassandraStartException("No port pair free on all of " + addresses(), null);
    }

    private boolean freeOnAllAddresses(int port) {
        for (int i = 1; i <= config.nodes; i++) {
            if (!NodeProcess.isPortFree(address(i), port)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every running node answers a read at consistency ALL of a keyspace replicated to
     * all nodes, i.e. each one sees all the others alive (failure detector and schema). With nodes
     * down it reads at QUORUM when a majority runs (else ONE).
     *
     * @throws IllegalStateException if that does not happen within the start timeout
     */
    public void awaitAllUp() {
        List<CassandraTestServer> running = running();
        if (running.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + config.startTimeout.toNanos();
        String first = running.get(0).host();
        Exception last = null;
        boolean created = false;
        while (System.nanoTime() < deadline) {
            try {
                if (!created) {
                    CqlQuery.execute(first, nativePort, PROBE_TIMEOUT_MILLIS * 4,
                            "CREATE KEYSPACE IF NOT EXISTS " + PROBE_KEYSPACE
                                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
                                    + config.nodes + "}");
                    CqlQuery.execute(first, nativePort, PROBE_TIMEOUT_MILLIS * 4,
                            "CREATE TABLE IF NOT EXISTS " + PROBE_KEYSPACE + ".probe (k int PRIMARY KEY)");
                    created = true;
                }
                // ALL (or QUORUM with nodes down) fails as unavailable while a node is seen down
                String level = running.size() == config.nodes
                        ? "ALL"
                        : running.size() > config.nodes / 2 ? "QUORUM" : "ONE";
                for (CassandraTestServer node : running) {
                    CqlQuery.execute(node.host(), nativePort, PROBE_TIMEOUT_MILLIS,
                            "SELECT k FROM " + PROBE_KEYSPACE + ".probe WHERE k = 0", level);
                }
                return;
            } catch (IOException e) {
                last = e;
            }
            sleep(500);
        }
        throw new IllegalStateException(
                "Nodes " + running.stream().map(CassandraTestServer::host).collect(Collectors.toList())
                        + " do not all see each other after " + config.startTimeout.getSeconds() + " s: " + last);
    }

    /**
     * Waits until every other running node sees node {@code i} (and every node that is not
     * running) as down: a read of the probe keyspace (replicated to all nodes) asking for one
     * replica more than run is refused at once as unavailable (error 0x1000) instead of being
     * sent to a dead node. Right after a kill the others count it alive for several seconds more
     * (failure detector), and a request they route to it waits out the server's timeout.
     *
     * @throws IllegalStateException if that does not happen within the start timeout
     */
    public void awaitSeenDown(int i) {
        CassandraTestServer down = node(i);
        List<CassandraTestServer> live = running().stream()
                .filter(n -> n != down && !n.isPaused())
                .collect(Collectors.toList());
        if (live.isEmpty()) {
            return;
        }
        String level = replicas(live.size() + 1);
        long deadline = System.nanoTime() + config.startTimeout.toNanos();
        String last = "no node asked";
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (CassandraTestServer node : live) {
                try {
                    CqlQuery.execute(node.host(), nativePort, PROBE_TIMEOUT_MILLIS,
                            "SELECT k FROM " + PROBE_KEYSPACE + ".probe WHERE k = 0", level);
                    last = node.host() + " answered at " + level;
                    all = false;
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).startsWith("Error 0x1000 ")) {
                        last = node.host() + ": " + e.getMessage();
                        all = false;
                    }
                }
            }
            if (all) {
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException("Node " + i + " not seen down by the others after "
                + config.startTimeout.getSeconds() + " s: " + last);
    }

    /** The consistency level that asks for {@code n} replicas of the probe keyspace. */
    private String replicas(int n) {
        if (n == config.nodes) {
            return "ALL";
        }
        switch (n) {
            case 2:
                return "TWO";
            case 3:
                return "THREE";
            default:
                throw new IllegalArgumentException("No consistency level asks for " + n + " of " + config.nodes + " replicas");
        }
    }

    // ------------------------------------------------------------------ per node

    /** Node {@code i} (1-based), listening on {@code 127.0.0.i}. */
    public CassandraTestServer node(int i) {
        if (i < 1 || i > nodes.size()) {
            throw new IllegalArgumentException("No node " + i + " in a cluster of " + nodes.size());
        }
        return nodes.get(i - 1);
    }

    public List<CassandraTestServer> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Number of nodes (running or not). */
    public int size() {
        return config.nodes;
    }

    /** Stops node {@code i} cleanly (SIGTERM: it drains and tells its peers). */
    public void stop(int i) {
        node(i).stop();
    }

    /** Kills node {@code i} with SIGKILL, as a crash. */
    public void kill(int i) {
        node(i).kill();
    }

    /** Freezes node {@code i} (SIGSTOP); close the returned handle or call {@link #resume(int)}. */
    public CassandraTestServer.Pause pause(int i) {
        return node(i).pause();
    }

    /** Thaws node {@code i} (SIGCONT). */
    public void resume(int i) {
        node(i).resume();
    }

    /**
     * Starts node {@code i} again on its data (stopping it cleanly first if it runs) and waits
     * until it answers CQL. Call {@link #awaitAllUp()} to wait until its peers see it too.
     */
    public void restart(int i) {
        node(i).restart();
    }

    /** Resumes paused nodes and starts stopped ones again, then waits until all see each other. */
    public synchronized void heal() {
        for (CassandraTestServer node : nodes) {
            if (node.isPaused()) {
                node.resume();
            }
        }
        for (CassandraTestServer node : nodes) {
            if (!node.isRunning()) {
                node.restart();
            }
        }
        awaitAllUp();
    }

    private List<CassandraTestServer> running() {
        return nodes.stream().filter(CassandraTestServer::isRunning).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ getters

    /** The CQL port shared by all nodes. */
    public int nativePort() {
        return nativePort;
    }

    public int storagePort() {
        return storagePort;
    }

    /** Address of node {@code i}: {@code 127.0.0.i}. */
    public static String address(int i) {
        return "127.0.0." + i;
    }

    /** All node addresses, in node order. */
    public List<String> addresses() {
        List<String> a = new ArrayList<>();
        for (int i = 1; i <= config.nodes; i++) {
            a.add(address(i));
        }
        return a;
    }

    /** {@code host:port} of every node, comma-separated. */
    public String contactPoints() {
        return addresses().stream().map(a -> a + ":" + nativePort).collect(Collectors.joining(","));
    }

    /** Time from {@link #start()} until all nodes saw each other, or null if not started. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return !running().isEmpty();
    }

    /** Stops every node (in reverse order). Idempotent. */
    @Override
    public synchronized void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).stop();
            } catch (RuntimeException e) {
                // stop the others anyway
            }
        }
    }

    @Override
    public String toString() {
        return "CassandraCluster{" + contactPoints() + ", running=" + running().size() + "/" + config.nodes + '}';
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the cluster", e);
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configuration of a cluster. All settings are optional; the shared ones ({@link
     * NodeSettings}) go to every node. Defaults: 3 nodes under {@code target/cassandra-cluster},
     * 4 tokens per node (fewer ranges: faster start-up and source splits), 512 MiB heap per node,
     * 600 s start timeout, ring delay 15 s.
     */
    public static final class Builder extends NodeSettings<Builder> {
        int nodes = 3;

        private Builder() {
            // a generous bound: one node restart took 6 min on a 2-core machine at load 96
            super(4, 512, Duration.ofSeconds(600), 15_000);
            dataDir = Paths.get("target", "cassandra-cluster");
        }

        /** Number of nodes, 1 to 254. Default 3. */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > 254) {
                throw new IllegalArgumentException("nodes must be 1..254, was " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        public CassandraCluster build() {
            Builder copy = new Builder();
            copyInto(copy);
            copy.nodes = nodes;
            return new CassandraCluster(copy);
        }

        /** Builds and starts. */
        public CassandraCluster start() {
            return build().start();
        }
    }
}
