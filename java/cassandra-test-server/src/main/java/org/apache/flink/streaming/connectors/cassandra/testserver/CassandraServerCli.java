package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Command line for a background node, used by {@code scripts/cassandra}.
 *
 * <pre>
 * start  [--dir DIR] [--port N] [--address A] [--heap-mb N] [--password-auth] [--timeout-s N] [--keep-data]
 *        [--nodes N]   (N &gt; 1: a cluster on 127.0.0.1..N, nodes in DIR/node1..N, one port set)
 * stop   [--dir DIR]
 * status [--dir DIR]
 * </pre>
 *
 * Exit codes: 0 ok / running, 1 error, 2 usage, 3 stopped (status).
 */
public final class CassandraServerCli {

    static final String STATE_FILE = "server.properties";

    private CassandraServerCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        String command = args[0];
        Path dir = Paths.get("target", "cassandra");
        String address = "127.0.0.1";
        int port = 0;
        int heapMb = 0; // default: 1024 for one node, 512 per node of a cluster
        int timeoutS = 180;
        boolean passwordAuth = false;
        boolean keepData = false;
        int nodes = 1;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir":
                        dir = Paths.get(args[++i]);
                        break;
                    case "--port":
                        port = Integer.parseInt(args[++i]);
                        break;
                    case "--address":
                        address = args[++i];
                        break;
                    case "--heap-mb":
                        heapMb = Integer.parseInt(args[++i]);
                        break;
                    case "--timeout-s":
                        timeoutS = Integer.parseInt(args[++i]);
                        break;
                    case "--password-auth":
                        passwordAuth = true;
                        break;
                    case "--keep-data":
                        keepData = true;
                        break;
                    case "--nodes":
                        nodes = Integer.parseInt(args[++i]);
                        break;
                    default:
                        err.println("Unknown option " + args[i]);
                        return usage(err);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            err.println("Bad arguments: " + e.getMessage());
            return usage(err);
        }
        dir = dir.toAbsolutePath().normalize();
        try {
            switch (command) {
                case "start":
                    if (nodes > 1) {
                        if (passwordAuth || keepData || !address.equals("127.0.0.1")) {
                            err.println("--nodes does not combine with --password-auth, --keep-data or --address");
                            return usage(err);
                        }
                        return startCluster(dir, nodes, port, heapMb > 0 ? heapMb : 512, timeoutS, out, err);
                    }
                    return start(dir, address, port, heapMb > 0 ? heapMb : 1024, timeoutS, passwordAuth, keepData, out, err);
                case "stop":
                    return stop(dir, out);
                case "status":
                    return status(dir, out);
                default:
                    return usage(err);
            }
        } catch (IOException | RuntimeException e) {
            err.println("cassandra " + command + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println(
                "usage: cassandra start [--dir DIR] [--port N] [--address A] [--heap-mb N] [--password-auth]"
                        + " [--timeout-s N] [--keep-data] [--nodes N]\n"
                        + "       cassandra stop [--dir DIR]\n"
                        + "       cassandra status [--dir DIR]");
        return 2;
    }

    private static int start(Path dir, String address, int port, int heapMb, int timeoutS, boolean passwordAuth,
            boolean keepData, PrintStream out, PrintStream err) throws IOException {
        Optional<Properties> state = readState(dir);
        if (state.isPresent() && alive(state.get()).isPresent()) {
            Properties p = state.get();
            if (CqlProbe.isReady(p.getProperty("address"), Integer.parseInt(p.getProperty("nativePort")), 2000)) {
                out.println("Cassandra already running at " + contactPoint(p) + " (pid " + p.getProperty("pid") + ")");
                return 0;
            }
            err.println("A Cassandra process (pid " + p.getProperty("pid") + ") of " + dir
                    + " is alive but not answering; run stop first");
            return 1;
        }
        CassandraTestServer server =
                CassandraTestServer.builder()
                        .dataDir(dir)
                        .address(address)
                        .nativePort(port)
                        .heapMb(heapMb)
                        .passwordAuthenticator(passwordAuth)
                        .startTimeout(Duration.ofSeconds(timeoutS))
                        .cleanDataDir(!keepData)
                        .detached(true)
                        .build();
        try {
            server.start();
        } catch (CassandraStartException e) {
            err.println(e.getMessage());
            return 1;
        }
        Properties p = new Properties();
        p.setProperty("pid", String.valueOf(server.pid()));
        p.setProperty("address", server.host());
        p.setProperty("nativePort", String.valueOf(server.nativePort()));
        p.setProperty("storagePort", String.valueOf(server.storagePort()));
        p.setProperty("contactPoint", server.contactPoint());
        p.setProperty("dataDir", server.dataDir().toString());
        p.setProperty("passwordAuthenticator", String.valueOf(server.passwordAuthenticator()));
        p.setProperty("startupMillis", String.valueOf(server.startupTime().toMillis()));
        try (OutputStream o = Files.newOutputStream(dir.resolve(STATE_FILE))) {
            p.store(o, "cassandra-test-server node (scripts/cassandra)");
        }
        out.println("Cassandra ready at " + server.contactPoint() + " (pid " + server.pid() + ", started in "
                + server.startupTime().toMillis() + " ms, dir " + dir + ")");
        return 0;
    }

    private static int startCluster(Path dir, int nodes, int port, int heapMb, int timeoutS, PrintStream out,
            PrintStream err) throws IOException {
        Optional<Properties> state = readState(dir);
        if (state.isPresent() && !nodeStates(state.get()).isEmpty()
                && nodeStates(state.get()).stream().anyMatch(p -> alive(p).isPresent())) {
            err.println("A Cassandra cluster of " + dir + " is (partly) running; run stop first");
            return 1;
        }
        CassandraCluster cluster =
                CassandraCluster.builder()
                        .nodes(nodes)
                        .dataDir(dir)
                        .nativePort(port)
                        .heapMb(heapMb)
                        .startTimeout(Duration.ofSeconds(timeoutS))
                        .detached(true)
                        .build();
        try {
            cluster.start();
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            return 1;
        }
        Properties p = new Properties();
        p.setProperty("nodes", String.valueOf(nodes));
        p.setProperty("nativePort", String.valueOf(cluster.nativePort()));
        p.setProperty("storagePort", String.valueOf(cluster.storagePort()));
        p.setProperty("contactPoints", cluster.contactPoints());
        for (int i = 1; i <= nodes; i++) {
            p.setProperty("node" + i + ".pid", String.valueOf(cluster.node(i).pid()));
            p.setProperty("node" + i + ".address", cluster.node(i).host());
        }
        Files.createDirectories(dir);
        try (OutputStream o = Files.newOutputStream(dir.resolve(STATE_FILE))) {
            p.store(o, "cassandra-test-server cluster (scripts/cassandra --nodes)");
        }
        out.println("Cassandra cluster of " + nodes + " nodes ready at " + cluster.contactPoints() + " (started in "
                + cluster.startupTime().toMillis() + " ms, dir " + dir + ")");
        return 0;
    }

    /** Per-node views (pid, address, nativePort) of a cluster state file; empty for a single node. */
    private static java.util.List<Properties> nodeStates(Properties p) {
        java.util.List<Properties> list = new java.util.ArrayList<>();
        int nodes = Integer.parseInt(p.getProperty("nodes", "0"));
        for (int i = 1; i <= nodes; i++) {
            Properties n = new Properties();
            n.setProperty("pid", p.getProperty("node" + i + ".pid", "-1"));
            n.setProperty("address", p.getProperty("node" + i + ".address", CassandraCluster.address(i)));
            n.setProperty("nativePort", p.getProperty("nativePort"));
            list.add(n);
        }
        return list;
    }

    private static int stop(Path dir, PrintStream out) throws IOException {
        Optional<Properties> state = readState(dir);
        if (state.isPresent() && !nodeStates(state.get()).isEmpty()) {
            java.util.List<Properties> nodes = nodeStates(state.get());
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Optional<ProcessHandle> handle = alive(nodes.get(i));
                if (handle.isPresent() && !NodeProcess.stopProcess(handle.get(), Duration.ofSeconds(20))) {
                    throw new IOException("process " + handle.get().pid() + " did not stop");
                }
            }
            Files.deleteIfExists(dir.resolve(STATE_FILE));
            out.println("Cassandra cluster stopped (" + nodes.size() + " nodes)");
            return 0;
        }
        if (state.isEmpty()) {
            out.println("Cassandra not running (no " + dir.resolve(STATE_FILE) + ")");
            return 0;
        }
        Optional<ProcessHandle> handle = alive(state.get());
        if (handle.isEmpty()) {
            out.println("Cassandra not running (pid " + state.get().getProperty("pid") + " is gone)");
            Files.deleteIfExists(dir.resolve(STATE_FILE));
            return 0;
        }
        boolean stopped = NodeProcess.stopProcess(handle.get(), Duration.ofSeconds(20));
        if (!stopped) {
            throw new IOException("process " + handle.get().pid() + " did not stop");
        }
        Files.deleteIfExists(dir.resolve(STATE_FILE));
        out.println("Cassandra stopped (pid " + handle.get().pid() + ")");
        return 0;
    }

    private static int status(Path dir, PrintStream out) throws IOException {
        Optional<Properties> state = readState(dir);
        if (state.isPresent() && !nodeStates(state.get()).isEmpty()) {
            int ready = 0;
            int alive = 0;
            for (Properties n : nodeStates(state.get())) {
                boolean up = alive(n).isPresent();
                boolean answers = up && CqlProbe.isReady(n.getProperty("address"), Integer.parseInt(n.getProperty("nativePort")), 2000);
                alive += up ? 1 : 0;
                ready += answers ? 1 : 0;
                out.println((answers ? "running " : up ? "not answering " : "stopped ") + contactPoint(n)
                        + " (pid " + n.getProperty("pid") + ")");
            }
            return alive == 0 ? 3 : ready == alive && ready == nodeStates(state.get()).size() ? 0 : 1;
        }
        if (state.isEmpty() || alive(state.get()).isEmpty()) {
            out.println("stopped");
            return 3;
        }
        Properties p = state.get();
        boolean ready =
                CqlProbe.isReady(p.getProperty("address"), Integer.parseInt(p.getProperty("nativePort")), 2000);
        out.println((ready ? "running " : "not answering ") + contactPoint(p) + " (pid " + p.getProperty("pid") + ")");
        return ready ? 0 : 1;
    }

    private static String contactPoint(Properties p) {
        return p.getProperty("address") + ":" + p.getProperty("nativePort");
    }

    private static Optional<Properties> readState(Path dir) throws IOException {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return Optional.of(p);
    }

    /** The node's process if it is still alive (and, where visible, really runs our ChildMain). */
    private static Optional<ProcessHandle> alive(Properties p) {
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(ChildMain.class.getName())).orElse(true));
    }
}
