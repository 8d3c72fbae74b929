package org.apache.flink.streaming.connectors.cassandra.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraYamlTest {

    private static CassandraTestServer.Builder node() {
        return CassandraTestServer.builder()
                .dataDir(Paths.get("/tmp/node1"))
                .address("127.0.0.2")
                .nativePort(19042)
                .storagePort(17000);
    }

    @Test
    void defaultSingleNode() {
        String yaml = node().build().yamlText();
        assertTrue(yaml.contains("cluster_name: \"Test Cluster\"\n"), yaml);
        assertTrue(yaml.contains("num_tokens: 16\n"), yaml);
        assertTrue(yaml.contains("partitioner: \"org.apache.cassandra.dht.Murmur3Partitioner\"\n"), yaml);
        assertTrue(yaml.contains("data_file_directories:\n  - \"/tmp/node1/data/data\"\n"), yaml);
        assertTrue(yaml.contains("commitlog_directory: \"/tmp/node1/data/commitlog\"\n"), yaml);
        assertTrue(yaml.contains("hints_directory: \"/tmp/node1/data/hints\"\n"), yaml);
        assertTrue(yaml.contains("cdc_raw_directory: \"/tmp/node1/data/cdc_raw\"\n"), yaml);
        assertTrue(yaml.contains("commitlog_sync: \"periodic\"\n"), yaml);
        assertTrue(
                yaml.contains(
                        "seed_provider:\n"
                                + "  - class_name: \"org.apache.cassandra.locator.SimpleSeedProvider\"\n"
                                + "    parameters:\n"
                                + "      - seeds: \"127.0.0.2\"\n"),
                yaml);
        assertTrue(yaml.contains("listen_address: \"127.0.0.2\"\n"), yaml);
        assertTrue(yaml.contains("rpc_address: \"127.0.0.2\"\n"), yaml);
        assertTrue(yaml.contains("native_transport_port: 19042\n"), yaml);
        assertTrue(yaml.contains("storage_port: 17000\n"), yaml);
        assertTrue(yaml.contains("endpoint_snitch: \"SimpleSnitch\"\n"), yaml);
        assertTrue(yaml.contains("start_native_transport: true\n"), yaml);
        assertTrue(
                yaml.contains("authenticator:\n  class_name: \"org.apache.cassandra.auth.AllowAllAuthenticator\"\n"),
                yaml);
        assertFalse(yaml.contains("client_encryption_options"), yaml);
    }

    @Test
    void authTlsSeedsAndOverrides() {
        CassandraTestServer server =
                node().seeds("127.0.0.1", "127.0.0.2")
                        .passwordAuthenticator(true)
                        .clientEncryption(Path.of("/keys/node.p12"), "pa\"ss")
                        .requireClientAuth(Path.of("/keys/trust.jks"), "tpw")
                        .extraYaml("write_request_timeout", "5000ms")
                        .extraYaml("batch_size_fail_threshold", "1MiB")
                        .extraYaml("num_tokens", 4)
                        .build();
        Map<String, Object> config = server.yamlConfig();
        assertEquals(4, config.get("num_tokens"));
        assertEquals("5000ms", config.get("write_request_timeout"));
        assertEquals("1MiB", config.get("batch_size_fail_threshold"));
        assertEquals(
                Map.of("class_name", "org.apache.cassandra.auth.PasswordAuthenticator"), config.get("authenticator"));
        assertEquals(
                Map.of("class_name", "org.apache.cassandra.auth.CassandraAuthorizer"), config.get("authorizer"));
        String yaml = server.yamlText();
        assertTrue(yaml.contains("      - seeds: \"127.0.0.1,127.0.0.2\"\n"), yaml);
        assertTrue(
                yaml.contains(
                        "client_encryption_options:\n"
                                + "  enabled: true\n"
                                + "  optional: false\n"
                                + "  keystore: \"/keys/node.p12\"\n"
                                + "  keystore_password: \"pa\\\"ss\"\n"
                                + "  store_type: \"PKCS12\"\n"
                                + "  require_client_auth: \"true\"\n"
                                + "  truststore: \"/keys/trust.jks\"\n"
                                + "  truststore_password: \"tpw\"\n"),
                yaml);
        assertTrue(yaml.contains("num_tokens: 4\n"), yaml);
    }

    @Test
    void yamlWriterScalarsAndNesting() {
        String yaml =
                YamlWriter.render(
                        Map.of("a", List.of(Map.of("b", List.of(1, 2)), "x\ty"), "e", List.of(), "n", Map.of()));
        assertTrue(yaml.contains("a:\n  - b:\n      - 1\n      - 2\n  - \"x\\ty\"\n"), yaml);
        assertTrue(yaml.contains("e: []\n"), yaml);
        assertTrue(yaml.contains("n: {}\n"), yaml);
    }

    @Test
    void childJvmOptions() {
        CassandraTestServer server = node().heapMb(512).build();
        List<String> opts = server.jvmOptions();
        assertTrue(opts.contains("-Xms512m"), opts.toString());
        assertTrue(opts.contains("-Xmx512m"), opts.toString());
        assertTrue(opts.contains("-Dcassandra-foreground=yes"), opts.toString());
        assertTrue(opts.contains("-Dcassandra.config=file:///tmp/node1/cassandra.yaml"), opts.toString());
        assertTrue(opts.contains("-Djdk.attach.allowAttachSelf=true"), opts.toString());
        assertTrue(opts.contains("java.base/sun.nio.ch=ALL-UNNAMED"), opts.toString());
        String cp = opts.get(opts.indexOf("-cp") + 1);
        assertTrue(cp.contains("cassandra-all-"), cp);
        assertFalse(cp.contains("junit"), cp);
        assertTrue(
                opts.stream().anyMatch(o -> o.startsWith("-D" + ChildMain.PARENT_PID_PROPERTY + "=")), opts.toString());
        assertEquals(
                "\"a b\"\n\"c\\\\d\\\"e\"\n", NodeConfig.argFileText(List.of("a b", "c\\d\"e")));
    }
}
