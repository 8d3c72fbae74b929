package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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

    /** JVM options of Cassandra 5.0's conf/jvm17-server.options (and jvm-server.options). */
    static final List<String> CASSANDRA_JVM17_OPTIONS =
            Collections.unmodifiableList(
                    Arrays.asList(
                            "-XX:+UseG1GC",
                            "-XX:+ParallelRefProcEnabled",
                            "-XX:MaxTenuringThreshold=1",
                            "-XX:G1HeapRegionSize=16m",
                            "-XX:G1RSetUpdatingPauseTimePercent=5",
                            "-XX:MaxGCPauseMillis=300",
                            "-XX:InitiatingHeapOccupancyPercent=70",
                            "-Djdk.attach.allowAttachSelf=true",
                            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
                            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
                            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
                            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
                            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
                            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
                            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
                            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
                            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
                            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
                            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
                            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
                            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
                            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
                            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                            "--add-opens", "java.base/java.io=ALL-UNNAMED",
                            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
                            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
                            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                            "--add-opens", "java.base/java.util=ALL-UNNAMED",
                            "-Dio.netty.tryReflectionSetAccessible=true",
                            "-Dio.netty.allocator.useCacheForAllThreads=true",
                            "-Dio.netty.allocator.maxOrder=11",
                            // from jvm-server.options
                            "-Xss256k",
                            "-XX:+PerfDisableSharedMem",
                            "-Djava.net.preferIPv4Stack=true",
                            "-XX:+UseThreadPriorities"));

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
        if (isRunning()) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            prepareNodeDir();
            List<String> command = command();
            ProcessBuilder pb = new ProcessBuilder(command).directory(dataDir.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutLog().toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
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
        signal("STOP");
        paused = true;
        return new Pause();
    }

    /** Thaws a node frozen by {@link #pause()} (SIGCONT). Idempotent; a no-op when not paused. */
    public synchronized void resume() {
        if (paused && isRunning()) {
            signal("CONT");
        }
        paused = false;
    }

    /** Whether {@link #pause()} froze the node and nothing resumed it yet. */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(30, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + name + " " + pid + " did not finish within 30 s");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException(
                        "kill -" + name + " " + pid + " failed with exit code " + kill.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + name + " to " + pid, e);
        }
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

            stopProcess(p.toHandle(), Duration.ofSeconds(20));
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
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

    /** Graceful destroy, wait up to {@code grace}, then forcible destroy; waits until gone. */
    static boolean stopProcess(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return true;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e2) {
                return !handle.isAlive();
            }
        }
        return !handle.isAlive();
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
        Path storage = dataDir.resolve("data");
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("cluster_name", config.clusterName);
        y.put("num_tokens", config.numTokens);
        y.put("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner");
        y.put("data_file_directories", List.of(storage.resolve("data").toString()));
        y.put("commitlog_directory", storage.resolve("commitlog").toString());
        y.put("saved_caches_directory", storage.resolve("saved_caches").toString());
        y.put("hints_directory", storage.resolve("hints").toString());
        y.put("cdc_raw_directory", storage.resolve("cdc_raw").toString());
        y.put("commitlog_sync", "periodic");
        y.put("commitlog_sync_period", "10000ms");
        List<String> seeds = config.seeds.isEmpty() ? List.of(config.address) : config.seeds;
        y.put(
                "seed_provider",
                List.of(
                        map(
                                "class_name", "org.apache.cassandra.locator.SimpleSeedProvider",
                                "parameters", List.of(map("seeds", String.join(",", seeds))))));
        y.put("listen_address", config.address);
        y.put("rpc_address", config.address);
        y.put("storage_port", storagePort);
        y.put("native_transport_port", nativePort);
        y.put("start_native_transport", true);
        y.put("endpoint_snitch", "SimpleSnitch");
        y.put("dynamic_snitch", false);
        if (config.passwordAuthenticator) {
            y.put("authenticator", map("class_name", "org.apache.cassandra.auth.PasswordAuthenticator"));
            y.put("authorizer", map("class_name", "org.apache.cassandra.auth.CassandraAuthorizer"));
            y.put("role_manager", map("class_name", "org.apache.cassandra.auth.CassandraRoleManager"));
        } else {
            y.put("authenticator", map("class_name", "org.apache.cassandra.auth.AllowAllAuthenticator"));
            y.put("authorizer", map("class_name", "org.apache.cassandra.auth.AllowAllAuthorizer"));
        }
        if (config.clientEncryption) {
            Map<String, Object> enc = new LinkedHashMap<>();
            enc.put("enabled", true);
            enc.put("optional", false);
            enc.put("keystore", config.keystore.toAbsolutePath().toString());
            enc.put("keystore_password", config.keystorePassword);
            enc.put("store_type", storeType(config.keystore));
            if (config.requireClientAuth) {
                enc.put("require_client_auth", "true");
                enc.put("truststore", config.truststore.toAbsolutePath().toString());
                enc.put("truststore_password", config.truststorePassword);
            } else {
                enc.put("require_client_auth", "false");
            }
            y.put("client_encryption_options", enc);
        }
        // test friendliness: fresh 5.0 features, fewer background threads, faster DDL
        y.put("storage_compatibility_mode", "NONE");
        // a test cluster always starts empty: no streaming, no bootstrap wait
        y.put("auto_bootstrap", false);
        y.put("concurrent_compactors", 1);
        y.put("compaction_throughput", "0MiB/s");
        y.put("key_cache_size", "8MiB");
        y.put("counter_cache_size", "2MiB");
        y.put("memtable_heap_space", Math.max(64, config.heapMb / 4) + "MiB");
        y.put("hinted_handoff_enabled", true);
        y.put("batch_size_warn_threshold", "64KiB");
        y.put("batch_size_fail_threshold", "640KiB");
        y.put("user_defined_functions_enabled", false);
        y.put("materialized_views_enabled", true);
        y.put("sasi_indexes_enabled", true);
        y.put("trickle_fsync", false);
        y.put("snapshot_before_compaction", false);
        y.put("auto_snapshot", false);
        y.put("incremental_backups", false);
        y.putAll(config.extraYaml);
        return y;
    }

    private static String storeType(Path keystore) {
        String name = keystore.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12") ? "PKCS12" : "JKS";
    }

    /** The cassandra.yaml text. */
    public String yamlText() {
        return YamlWriter.render(yamlConfig());
    }

    static String logbackXml(Path dir) {
        String file = dir.resolve("system.log").toString().replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
        return "<configuration scan=\"false\" debug=\"false\">\n"
                + "  <statusListener class=\"ch.qos.logback.core.status.NopStatusListener\"/>\n"
                + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
                + "    <file>" + file + "</file>\n"
                + "    <append>true</append>\n"
                + "    <encoder>\n"
                + "      <pattern>%-5level [%thread] %date{ISO8601} %logger{0} - %msg%n</pattern>\n"
                + "    </encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"" + "INFO" + "\">\n"
                + "    <appender-ref ref=\"FILE\"/>\n"
                + "  </root>\n"
                + "</configuration>\n";
    }

    private void prepareNodeDir() throws IOException {
        if (config.cleanDataDir && Files.exists(dataDir)) {
            deleteRecursively(dataDir);
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
        Files.write(dataDir.resolve("logback.xml"), logbackXml(dataDir).getBytes(StandardCharsets.UTF_8));
        Files.write(argFile(), argFileText(jvmOptions()).getBytes(StandardCharsets.UTF_8));
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (config.newSession && Files.isExecutable(Paths.get("/usr/bin/setsid"))) {
            // detached node (CLI): own session, so the terminal's Ctrl-C / hang-up does not reach it.
            // setsid execs in place (we are not a process-group leader), so the pid stays the JVM's.
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(config.javaExecutable != null
                ? config.javaExecutable.toString()
                : Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // JVM options and the long classpath go to an @argfile; "ps" then shows a short command
        // line that still names the main class (the CLI checks for it).
        cmd.add("@" + argFile());
        cmd.add(ChildMain.class.getName());
        return cmd;
    }

    /** Path of the child's JVM argument file (written on start). */
    public Path argFile() {
        return dataDir.resolve("jvm.args");
    }

    /** The child JVM's options (everything before the main class). */
    List<String> jvmOptions() {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(CASSANDRA_JVM17_OPTIONS);
        cmd.add("-Xms" + config.heapMb + "m");
        cmd.add("-Xmx" + config.heapMb + "m");
        cmd.add("-XX:MaxDirectMemorySize=" + Math.max(256, config.heapMb) + "m");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("cassandra.config", yamlFile().toUri().toString());
        props.put("cassandra-foreground", "yes");
        props.put("cassandra.storagedir", dataDir.resolve("data").toString());
        props.put("cassandra.logdir", dataDir.toString());
        props.put("logback.configurationFile", dataDir.resolve("logback.xml").toUri().toString());
        props.put("cassandra.skip_wait_for_gossip_to_settle", "0");
        props.put("cassandra.ring_delay_ms", String.valueOf(config.ringDelayMs));
        props.put("cassandra.superuser_setup_delay_ms", "0");
        props.put("cassandra.disable_auth_caches_remote_configuration", "true");
        props.put("cassandra.load_ring_state", "false");
        props.put("cassandra.unsafesystem", "true");
        props.put("cassandra.test.flush_local_schema_changes", "false");
        props.put("cassandra.test.ignore_sigar", "true");
        props.put("cassandra.consistent.rangemovement", "false");
        props.put("chronicle.analytics.disable", "true");
        props.put("chronicle.announcer.disable", "true");
        props.put("java.io.tmpdir", dataDir.resolve("tmp").toString());
        if (config.jmx) {
            props.put("cassandra.jmx.local.port", String.valueOf(jmxPort));
        }
        if (config.watchParent) {
            props.put(ChildMain.PARENT_PID_PROPERTY, String.valueOf(ProcessHandle.current().pid()));
        }
        props.putAll(config.systemProperties);
        for (Map.Entry<String, String> e : props.entrySet()) {
            cmd.add("-D" + e.getKey() + "=" + e.getValue());
        }
        cmd.addAll(config.jvmArgs);
        cmd.add("-cp");
        cmd.add(childClasspath());
        return cmd;
    }

    static String argFileText(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        return b.toString();
    }

    /** The child JVM classpath: the recorded Cassandra classpath plus this module's own code. */
    static String childClasspath() {
        String recorded;
        try (InputStream in = CassandraTestServer.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Resource " + CLASSPATH_RESOURCE + " not found: build java/cassandra-test-server with Maven first");
            }
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (recorded.isEmpty()) {
            throw new IllegalStateException("Resource " + CLASSPATH_RESOURCE + " is empty");
        }
        String first = recorded.split(java.io.File.pathSeparator, 2)[0];
        if (!Files.exists(Paths.get(first))) {
            throw new IllegalStateException(
                    "Cassandra classpath entry " + first + " is missing: rebuild java/cassandra-test-server with Maven");
        }
        return ownCodeLocation() + java.io.File.pathSeparator + recorded;
    }

    static String ownCodeLocation() {
        URL location = ChildMain.class.getProtectionDomain().getCodeSource().getLocation();
        try {
            return Paths.get(location.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate own code at " + location, e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    // ------------------------------------------------------------------ helpers

    /** A currently free TCP port on {@code address}. */
    public static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + address, e);
        }
    }

    /** True if nothing listens on {@code address:port} (a server socket can be bound there). */
    public static boolean isPortFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String diagnostics() {
        return "\n--- last lines of " + systemLog() + " ---\n" + tail(systemLog(), LOG_TAIL_LINES)
                + "\n--- last lines of " + stdoutLog() + " ---\n" + tail(stdoutLog(), LOG_TAIL_LINES);
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        try {
            Deque<String> last = new ArrayDeque<>();
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                        if (exc != null) {
                            throw exc;
                        }
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ builder

    /** Configuration of a node. All settings are optional. */
    public static final class Builder {
        private Path dataDir;
        private String address = "127.0.0.1";
        private int nativePort;
        private int storagePort;
        private boolean jmx;
        private int jmxPort;
        private List<String> seeds = new ArrayList<>();
        private String clusterName = "Test Cluster";
        private int numTokens = 16;
        private int heapMb = 1024;
        private boolean passwordAuthenticator;
        private boolean clientEncryption;
        private Path keystore;
        private String keystorePassword;
        private boolean requireClientAuth;
        private Path truststore;
        private String truststorePassword;
        private Map<String, Object> extraYaml = new LinkedHashMap<>();
        private Map<String, String> systemProperties = new LinkedHashMap<>();
        private List<String> jvmArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(180);
        private boolean cleanDataDir = true;
        private boolean watchParent = true;
        private boolean stopOnJvmExit = true;
        private int ringDelayMs = 1000;
        private Path javaExecutable;
        private boolean newSession;

        private Builder() {}

        /** Node directory (yaml, logs, data). Default: {@code target/cassandra-<address>} of the cwd. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir);
            return this;
        }

        /** Listen/rpc address, a loopback address such as 127.0.0.1 or 127.0.0.2. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** Fixed CQL port; 0 (default) picks a free one. */
        public Builder nativePort(int port) {
            this.nativePort = port;
            return this;
        }

        /** Fixed internode port; 0 (default) picks a free one. Must be equal on all nodes of a cluster. */
        public Builder storagePort(int port) {
            this.storagePort = port;
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

        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name);
            return this;
        }

        public Builder numTokens(int numTokens) {
            this.numTokens = numTokens;
            return this;
        }

        /** Heap of the child JVM in MiB (-Xms and -Xmx). Default 1024. */
        public Builder heapMb(int heapMb) {
            this.heapMb = heapMb;
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

        /** A raw cassandra.yaml top-level entry; overrides the generated one of the same key. */
        public Builder extraYaml(String key, Object value) {
            this.extraYaml.put(Objects.requireNonNull(key), value);
            return this;
        }

        public Builder extraYaml(Map<String, ?> entries) {
            this.extraYaml.putAll(entries);
            return this;
        }

        /** A -D system property for the child JVM (overrides the defaults). */
        public Builder systemProperty(String key, String value) {
            this.systemProperties.put(key, value);
            return this;
        }

        /** An extra child JVM argument, appended after the defaults. */
        public Builder jvmArg(String arg) {
            this.jvmArgs.add(arg);
            return this;
        }

        /** How long {@link #start()} waits for the CQL port. Default 180 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
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

        /** -Dcassandra.ring_delay_ms; default 1000. */
        public Builder ringDelayMs(int ms) {
            this.ringDelayMs = ms;
            return this;
        }

        /**
         * A node that outlives this JVM (used by the CLI): no parent watchdog, no shutdown hook, and
         * (where {@code setsid} exists) its own session.
         */
        public Builder detached(boolean detached) {
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
            b.dataDir = dataDir;
            b.address = address;
            b.nativePort = nativePort;
            b.storagePort = storagePort;
            b.jmx = jmx;
            b.jmxPort = jmxPort;
            b.seeds = List.copyOf(seeds);
            b.clusterName = clusterName;
            b.numTokens = numTokens;
            b.heapMb = heapMb;
            b.passwordAuthenticator = passwordAuthenticator;
            b.clientEncryption = clientEncryption;
            b.keystore = keystore;
            b.keystorePassword = keystorePassword;
            b.requireClientAuth = requireClientAuth;
            b.truststore = truststore;
            b.truststorePassword = truststorePassword;
            b.extraYaml = new LinkedHashMap<>(extraYaml);
            b.systemProperties = new LinkedHashMap<>(systemProperties);
            b.jvmArgs = List.copyOf(jvmArgs);
            b.startTimeout = startTimeout;
            b.cleanDataDir = cleanDataDir;
            b.watchParent = watchParent;
            b.stopOnJvmExit = stopOnJvmExit;
            b.ringDelayMs = ringDelayMs;
            b.javaExecutable = javaExecutable;
            b.newSession = newSession;
            return b;
        }
    }
}
