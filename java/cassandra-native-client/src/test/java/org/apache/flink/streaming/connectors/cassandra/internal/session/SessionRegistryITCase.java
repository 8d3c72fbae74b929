package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The session registry: no global lock while connecting, one session per equal settings. */
@ExtendWith(CassandraExtension.class)
class SessionRegistryITCase {

    @Test
    @SuppressWarnings("try") // the silent server is closed early on purpose: that ends the stuck connect
    void aClusterThatNeverAnswersDoesNotBlockOpeningASessionToAnotherOne(CassandraTestServer server) throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ConnectionSettings unreachable = ConnectionSettings.builder()
                    .addContactPoint("127.0.0.1")
                    .port(silent.port())
                    .connectTimeoutMillis(300_000)
                    .build();
            CompletableFuture<Throwable> stuck = new CompletableFuture<>();
            Thread opener = new Thread(() -> {
                try {
                    NativeSession.open(unreachable).close();
                    stuck.complete(null);
                } catch (Throwable t) {
                    stuck.complete(t);
                }
            }, "opens-the-silent-cluster");
            opener.start();
            HandleLifetimeITCase.awaitInsideNativeCall(opener, "open");
            silent.awaitConnection();

            ConnectionSettings live = ConnectionSettings.builder()
                    .addContactPoint(server.host())
                    .port(server.nativePort())
                    .connectTimeoutMillis(4_321)
                    .build();
            CompletableFuture<String> liveOpen = CompletableFuture.supplyAsync(() -> {
                try (NativeSession session = NativeSession.open(live)) {
                    return String.valueOf(session.execute("SELECT release_version FROM system.local").singleValue());
                }
            });
            // Generous bound: the silent cluster's connect would hold a global lock for 5+ minutes.
            assertThat(liveOpen.get(2, TimeUnit.MINUTES)).startsWith("5.0");
            assertThat(opener.isAlive()).as("the other connect is still waiting").isTrue();

            silent.close();
            assertThat(stuck.get(2, TimeUnit.MINUTES))
                    .as("the connect fails once its server goes away")
                    .isInstanceOf(CassandraConnectorException.class);
        }
    }

    @Test
    void concurrentOpensOfEqualSettingsShareOneSession(CassandraTestServer server) throws Exception {
        ConnectionSettings settings = ConnectionSettings.builder()
                .addContactPoint(server.host())
                .port(server.nativePort())
                .connectTimeoutMillis(5_432)
                .build();
        int before = NativeSession.openSessionCount();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<NativeSession> sessions = new CopyOnWriteArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> opens = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opens.add(pool.submit(() -> {
                    start.await();
                    sessions.add(NativeSession.open(settings));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> open : opens) {
                open.get(2, TimeUnit.MINUTES);
            }
            assertThat(sessions).hasSize(4);
            for (NativeSession session : sessions) {
                assertThat(session.sharesNativeSessionWith(sessions.get(0))).isTrue();
            }
            assertThat(NativeSession.openSessionCount()).isEqualTo(before + 1);
        } finally {
            sessions.forEach(NativeSession::close);
            pool.shutdownNow();
        }
        assertThat(NativeSession.openSessionCount()).isEqualTo(before);
    }

    /** Accepts TCP connections and never answers, like a hung node. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final CountDownLatch connected = new CountDownLatch(1);
        private final Thread acceptor;

        SilentServer() throws IOException {
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                        connected.countDown();
                    }
                } catch (IOException closed) {
                    // closed by close()
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void awaitConnection() throws InterruptedException {
            assertThat(connected.await(2, TimeUnit.MINUTES)).as("the driver connected").isTrue();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
