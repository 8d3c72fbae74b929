package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * One real Apache Cassandra node running in its own child JVM.
 *
 * <p>Cassandra's jars never appear on the caller's classpath: the child's classpath was recorded
 * at build time in the resource {@value #CLASSPATH_RESOURCE}.
 *
 * <pre>{@code
 * try (CassandraTestServer server = CassandraTestServer.builder().build().start()) {
 *     connect(server.contactPoint()); // "127.0.0.1:<port>"
 * }
 * }</pre>
 *
 * <p>Several nodes can share the ports on different loopback addresses (127.0.0.1, 127.0.0.2, ...)
 * by giving each its own {@link Builder#address}, {@link Builder#dataDir}, the same fixed {@link
 * Builder#nativePort}/{@link Builder#storagePort} and the same {@link Builder#seeds}.
 */
public final class CassandraTestServer implements AutoCloseable {

    /** Classpath resource with the child JVM's classpath (jar paths in the local Maven repo). */
    public static final String CLASSPATH_RESOURCE = "cassandra-classpath.txt";

    /** Superuser name and password when the PasswordAuthenticator is on. */
    public static final String SUPERUSER = "cassandra";

    public static final String SUPERUSER_PASSWORD = "cassandra";

    private static final int LOG_TAIL_LINES = 40;

    private final Builder config;
    private final Path dataDir;
    private int nativePort;
    private int storagePort;
    private int jmxPort;
    private Process process;
    private long pid = -1;
    private boolean paused;
    private Thread shutdownHook;
    private Duration startupTime;

    private CassandraTestServer(Builder builder) {
        this.config = builder.copy();
        this.dataDir =
                (builder.dataDir != null
                                ? builder.dataDir
                                : Paths.get("target", "cassandra-" + builder.address))
                        .toAbsolutePath()
                        .normalize();
        this.nativePort = builder.nativePort;
        this.storagePort = builder.storagePort;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the node and waits until its CQL port answers a protocol handshake.
     *
     * @return this
     * @throws CassandraStartException if the node dies or is not ready within the start timeout
     */
    public synchronized CassandraTestServer start() {
        return start(config.cleanDataDir);
    }

    /**
     * Starts the node again on its data (no wipe, same ports), e.g. after {@link #stop()} or {@link
     * #kill()}; a running node is stopped cleanly first.
     *
     * @return this
     */
    public synchronized CassandraTestServer restart() {
        stop();
        return start(false);
    }

    private CassandraTestServer start(boolean clean) {
        if (isRunning()) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            prepareNodeDir(clean);
            List<String> command = command();
            ProcessBuilder pb = new ProcessBuilder(command).directory(dataDir.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutLog().toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(NodeProcess.nullDevice()));
            process = pb.start();
            pid = process.pid();
        } catch (IOException e) {
            throw new CassandraStartException("Cannot launch Cassandra in " + dataDir + ": " + e, e);
        }
        if (config.stopOnJvmExit) {
            shutdownHook = new Thread(this::stopQuietly, "cassandra-test-server-shutdown-" + config.address);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        awaitReady(t0);
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        return this;
    }

    private void awaitReady(long t0) {
        long deadline = t0 + config.startTimeout.toNanos();
        SSLContext tls = null;
        if (config.clientEncryption) {
            try {
                tls = CqlProbe.insecureTlsContext(config.requireClientAuth ? config.keystore : null, config.keystorePassword);
            } catch (IOException e) {
                throw new CassandraStartException("Cannot probe TLS port: " + e, e);
            }
        }
        IOException last = null;
        while (true) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                releaseShutdownHook();
                throw new CassandraStartException(
                        "Cassandra exited with code " + code + " during start-up" + diagnostics());
            }
            try {
                CqlProbe.handshake(config.address, nativePort, 2000, tls);
                if (config.passwordAuthenticator) {
                    // the default superuser is created asynchronously just after start-up
                    CqlProbe.authenticate(config.address, nativePort, 2000, tls, SUPERUSER, SUPERUSER_PASSWORD);
                }
                return;
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String diag = diagnostics();
                stopQuietly();
                throw new CassandraStartException(
                        "Cassandra not ready on " + contactPoint() + " after " + config.startTimeout.getSeconds()
                                + " s (last probe error: " + last + ")" + diag);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopQuietly();
                throw new CassandraStartException("Interrupted while waiting for Cassandra", e);
            }
        }
    }

    /**
     * Freezes the node (SIGSTOP of its JVM): its sockets stay open but nothing answers, so requests
     * time out as with a node that hangs. Always resume it, best with try-with-resources:
     *
     * <pre>{@code
     * try (CassandraTestServer.Pause pause = server.pause()) {
     *     ... // requests time out here
     * } // resumed (SIGCONT), also when the block throws
     * }</pre>
     *
     * <p>{@link #stop()} resumes a paused node first; {@link CassandraExtension} resumes the shared
     * node after each test.
     */
    public synchronized Pause pause() {
        if (!isRunning()) {
            throw new IllegalStateException("Cannot pause " + this + ": not running");
        }
        NodeProcess.signal(pid, "STOP");
        paused = true;
        return new Pause();
    }

    /** Thaws a node frozen by {@link #pause()} (SIGCONT). Idempotent; a no-op when not paused. */
    public synchronized void resume() {
        if (paused && isRunning()) {
            NodeProcess.signal(pid, "CONT");
        }
        paused = false;
    }

    /** Whether {@link #pause()} froze the node and nothing resumed it yet. */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /** Resumes the node when closed; see {@link #pause()}. */
    public final class Pause implements AutoCloseable {
        private Pause() {}

        @Override
        public void close() {
            resume();
        }
    }

    /** Stops the node: SIGTERM, up to 20 s for a clean shutdown, then SIGKILL. Idempotent. */
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            resume(); // a frozen JVM would not handle SIGTERM

            NodeProcess.stopProcess(p.toHandle(), Duration.ofSeconds(20));
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        releaseShutdownHook();
    }

    /**
     * Kills the node (SIGKILL of its JVM) as a crash would: no flush, no goodbye to its peers.
     * Waits until the process is gone. Idempotent.
     */
    public synchronized void kill() {
        Process p = process;
        if (p != null) {
            if (p.isAlive()) {
                NodeProcess.signal(pid, "KILL");
            }
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Cassandra pid " + pid + " still alive 30 s after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            paused = false;
        }
        releaseShutdownHook();
    }

    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // best effort (shutdown hook)
        }
    }

    private void releaseShutdownHook() {
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // JVM already shutting down
            }
        }
    }

    // ------------------------------------------------------------------ getters

    /** The node's address, e.g. {@code 127.0.0.1}. */
    public String host() {
        return config.address;
    }

    /** CQL native transport port (known once started, or when fixed in the builder). */
    public int nativePort() {
        return nativePort;
    }

    public int storagePort() {
        return storagePort;
    }

    /** JMX port, or 0 when JMX is off (the default). */
    public int jmxPort() {
        return jmxPort;
    }

    /** {@code host:nativePort}, e.g. {@code 127.0.0.1:40123}. */
    public String contactPoint() {
        return config.address + ":" + nativePort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Pid of the child JVM, or -1 if never started. */
    public long pid() {
        return pid;
    }

    /** Time from {@link #start()} until the CQL port answered, or null if not started. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean passwordAuthenticator() {
        return config.passwordAuthenticator;
    }

    public boolean clientEncryption() {
        return config.clientEncryption;
    }

    public String clusterName() {
        return config.clusterName;
    }

    public Path systemLog() {
        return dataDir.resolve("system.log");
    }

    public Path stdoutLog() {
        return dataDir.resolve("stdout.log");
    }

    public Path yamlFile() {
        return dataDir.resolve("cassandra.yaml");
    }

    @Override
    public String toString() {
        return "CassandraTestServer{" + contactPoint() + ", dir=" + dataDir + ", running=" + isRunning() + '}';
    }

    // ------------------------------------------------------------------ configuration files

    /** The cassandra.yaml content as a map (ports as currently known). */
    public Map<String, Object> yamlConfig() {
        return NodeConfig.yaml(config, dataDir, nativePort, storagePort);
    }

    /** The cassandra.yaml text. */
    public String yamlText() {
        return YamlWriter.render(yamlConfig());
    }

    private void prepareNodeDir(boolean clean) throws IOException {
        if (clean && Files.exists(dataDir)) {
            NodeProcess.deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir.resolve("data"));
        Files.createDirectories(dataDir.resolve("tmp"));
        if (nativePort == 0) {
            nativePort = freePort(config.address);
        }
        if (storagePort == 0) {
            storagePort = freePort(config.address);
        }
        if (config.jmx) {
            jmxPort = config.jmxPort != 0 ? config.jmxPort : freePort("127.0.0.1");
        }
        Files.write(yamlFile(), yamlText().getBytes(StandardCharsets.UTF_8));
        Files.write(dataDir.resolve("logback.xml"), NodeConfig.logbackXml(dataDir).getBytes(StandardCharsets.UTF_8));
        Files.write(argFile(), NodeConfig.argFileText(jvmOptions()).getBytes(StandardCharsets.UTF_8));
    }

    List<String> command() {
        return NodeProcess.command(config, argFile());
    }

    /** Path of the child's JVM argument file (written on start). */
    public Path argFile() {
        return dataDir.resolve("jvm.args");
    }

    /** The child JVM's options (everything before the main class). */
    List<String> jvmOptions() {
        return NodeConfig.jvmOptions(config, dataDir, yamlFile(), jmxPort);
    }

    // ------------------------------------------------------------------ helpers

    /** A currently free TCP port on {@code address}. */
    public static int freePort(String address) {
        return NodeProcess.freePort(address);
    }

    /** True if nothing listens on {@code address:port} (a server socket can be bound there). */
    public static boolean isPortFree(String address, int port) {
        return NodeProcess.isPortFree(address, port);
    }

    private String diagnostics() {
        return "\n--- last lines of " + systemLog() + " ---\n" + NodeProcess.tail(systemLog(), LOG_TAIL_LINES)
                + "\n--- last lines of " + stdoutLog() + " ---\n" + NodeProcess.tail(stdoutLog(), LOG_TAIL_LINES);
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configuration of a node. All settings are optional. Defaults of the shared settings ({@link
     * NodeSettings}): data directory {@code target/cassandra-<address>} of the cwd, 16 tokens, 1024
     * MiB heap, 180 s start timeout, ring delay 1000 ms.
     */
    public static final class Builder extends NodeSettings<Builder> {
        String address = "127.0.0.1";
        boolean jmx;
        int jmxPort;
        List<String> seeds = new ArrayList<>();
        boolean passwordAuthenticator;
        boolean clientEncryption;
        Path keystore;
        String keystorePassword;
        boolean requireClientAuth;
        Path truststore;
        String truststorePassword;
        boolean cleanDataDir = true;
        boolean watchParent = true;
        boolean stopOnJvmExit = true;
        Path javaExecutable;
        boolean newSession;

        private Builder() {
            super(16, 1024, Duration.ofSeconds(180), 1000);
        }

        /** Listen/rpc address, a loopback address such as 127.0.0.1 or 127.0.0.2. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** Enables local JMX (for nodetool) on a free port. Off by default. */
        public Builder jmx(boolean enabled) {
            this.jmx = enabled;
            return this;
        }

        /** Enables local JMX on a fixed port. */
        public Builder jmxPort(int port) {
            this.jmx = true;
            this.jmxPort = port;
            return this;
        }

        /** Seed addresses; default: the node itself. */
        public Builder seeds(String... seeds) {
            this.seeds = new ArrayList<>(Arrays.asList(seeds));
            return this;
        }

        public Builder seeds(List<String> seeds) {
            this.seeds = new ArrayList<>(seeds);
            return this;
        }

        /** PasswordAuthenticator + CassandraAuthorizer; superuser {@code cassandra}/{@code cassandra}. */
        public Builder passwordAuthenticator(boolean enabled) {
            this.passwordAuthenticator = enabled;
            return this;
        }

        /** Enables TLS on the CQL port with this keystore (JKS, or PKCS12 if named *.p12/*.pfx). */
        public Builder clientEncryption(Path keystore, String password) {
            this.clientEncryption = true;
            this.keystore = Objects.requireNonNull(keystore);
            this.keystorePassword = Objects.requireNonNull(password);
            return this;
        }

        /** Requires client certificates signed by/contained in this truststore (implies TLS). */
        public Builder requireClientAuth(Path truststore, String password) {
            this.requireClientAuth = true;
            this.truststore = Objects.requireNonNull(truststore);
            this.truststorePassword = Objects.requireNonNull(password);
            return this;
        }

        /** Whether to wipe the node directory before starting. Default true. */
        public Builder cleanDataDir(boolean clean) {
            this.cleanDataDir = clean;
            return this;
        }

        /** Whether the child halts when this JVM dies (even by kill -9). Default true. */
        public Builder watchParent(boolean watch) {
            this.watchParent = watch;
            return this;
        }

        /** Whether a JVM shutdown hook stops the node. Default true. */
        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        /**
         * A node that outlives this JVM (used by the CLI): no parent watchdog, no shutdown hook, and
         * (where {@code setsid} exists) its own session.
         */
        @Override
        public Builder detached(boolean detached) {
            super.detached(detached);
            this.newSession = detached;
            this.watchParent = !detached;
            this.stopOnJvmExit = !detached;
            return this;
        }

        /** The java executable for the child; default {@code <java.home>/bin/java}. */
        public Builder javaExecutable(Path java) {
            this.javaExecutable = java;
            return this;
        }

        public CassandraTestServer build() {
            if (requireClientAuth && !clientEncryption) {
                throw new IllegalStateException("requireClientAuth needs clientEncryption(keystore, password)");
            }
            return new CassandraTestServer(this);
        }

        /** Builds and starts. */
        public CassandraTestServer start() {
            return build().start();
        }

        private Builder copy() {
            Builder b = new Builder();
            copyInto(b);
            b.address = address;
            b.jmx = jmx;
            b.jmxPort = jmxPort;
            b.seeds = List.copyOf(seeds);
            b.passwordAuthenticator = passwordAuthenticator;
            b.clientEncryption = clientEncryption;
            b.keystore = keystore;
            b.keystorePassword = keystorePassword;
            b.requireClientAuth = requireClientAuth;
            b.truststore = truststore;
            b.truststorePassword = truststorePassword;
            b.cleanDataDir = cleanDataDir;
            // after copyInto's detached(..): set on their own, these win
            b.watchParent = watchParent;
            b.stopOnJvmExit = stopOnJvmExit;
            b.javaExecutable = javaExecutable;
            b.newSession = newSession;
            return b;
        }
    }
}
