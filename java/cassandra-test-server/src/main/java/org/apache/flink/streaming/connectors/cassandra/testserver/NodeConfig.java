package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files a node starts from: cassandra.yaml, logback.xml and the child JVM's options and classpath. */
final class NodeConfig {

    private NodeConfig() {}

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

    /** The cassandra.yaml content as a map (ports as currently known). */
    static Map<String, Object> yaml(CassandraTestServer.Builder config, Path dataDir, int nativePort, int storagePort) {
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
        // Test machines are busy: server-side timeouts well above any healthy request, so the server
        // does not abort a slow read (a local read past its timeout comes back as a read failure,
        // "UNKNOWN") while the client still waits. Clients keep their own, shorter timeouts.
        y.put("read_request_timeout", "30000ms");
        y.put("range_request_timeout", "60000ms");
        y.put("write_request_timeout", "20000ms");
        y.put("counter_write_request_timeout", "20000ms");
        y.put("request_timeout", "60000ms");
        y.putAll(config.extraYaml);
        return y;
    }

    private static String storeType(Path keystore) {
        String name = keystore.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12") ? "PKCS12" : "JKS";
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

    /** The child JVM's options (everything before the main class). */
    static List<String> jvmOptions(CassandraTestServer.Builder config, Path dataDir, Path yamlFile, int jmxPort) {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(CASSANDRA_JVM17_OPTIONS);
        cmd.add("-Xms" + config.heapMb + "m");
        cmd.add("-Xmx" + config.heapMb + "m");
        cmd.add("-XX:MaxDirectMemorySize=" + Math.max(256, config.heapMb) + "m");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("cassandra.config", yamlFile.toUri().toString());
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
        try (InputStream in = NodeConfig.class.getClassLoader().getResourceAsStream(CassandraTestServer.CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Resource " + CassandraTestServer.CLASSPATH_RESOURCE + " not found: build java/cassandra-test-server with Maven first");
            }
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (recorded.isEmpty()) {
            throw new IllegalStateException("Resource " + CassandraTestServer.CLASSPATH_RESOURCE + " is empty");
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

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
