package org.apache.flink.streaming.connectors.cassandra.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraTestServerITCase {

    @Test
    @Order(1)
    void sharedServerAnswersCqlHandshake(CassandraTestServer server) throws Exception {
        assertSame(server, CassandraExtension.server());
        assertTrue(server.isRunning());
        assertEquals("127.0.0.1", server.host());
        assertEquals("127.0.0.1:" + server.nativePort(), server.contactPoint());
        assertTrue(CqlProbe.handshake(server.host(), server.nativePort(), 5000, null) > 0);
        assertTrue(Files.exists(server.systemLog()));
        assertTrue(Files.readString(server.systemLog()).contains("Startup complete"));
        System.out.println("Cassandra start-up took " + server.startupTime().toMillis() + " ms");
    }

    @Test
    @Order(2)
    @SuppressWarnings("try") // the resource's job is its close(): resuming the node
    void pausedNodeDoesNotAnswerUntilResumed(CassandraTestServer server) {
        assertTrue(CqlProbe.isReady(server.host(), server.nativePort(), 5000));
        try (CassandraTestServer.Pause pause = server.pause()) {
            assertTrue(server.isPaused());
            // the socket still accepts (the kernel does), but the frozen JVM never answers
            assertFalse(CqlProbe.isReady(server.host(), server.nativePort(), 1000));
        }
        assertFalse(server.isPaused());
        assertTrue(CqlProbe.isReady(server.host(), server.nativePort(), 30_000));
        server.resume(); // idempotent
    }

    @Test
    @Order(3)
    void stopFreesThePort(CassandraTestServer server) {
        int port = server.nativePort();
        assertFalse(CassandraTestServer.isPortFree(server.host(), port));
        long pid = server.pid();
        server.stop();
        assertFalse(server.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(CqlProbe.isReady(server.host(), port, 1000));
        assertTrue(CassandraTestServer.isPortFree(server.host(), port));
        server.stop(); // idempotent
    }
}
