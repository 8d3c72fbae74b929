package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A handle closed while another thread is inside a native call on it: the call finishes on live
 * native objects, later callers get a "closed" error, and the native release runs once the call
 * returns. The node is paused (SIGSTOP) so that the fetch is surely inside native code when the
 * handles are closed.
 */
@ExtendWith(CassandraExtension.class)
class HandleLifetimeITCase {

    @Test
    void closingAStatementAndItsSessionDuringAPageFetchDefersTheirRelease(CassandraTestServer server) throws Exception {
        // Settings no other test uses, so that this test's session is not shared.
        ConnectionSettings settings = ConnectionSettings.builder()
                .addContactPoint(server.host())
                .port(server.nativePort())
                .requestTimeoutMillis(120_000)
                .build();
        NativeSession session = NativeSession.open(settings);
        session.execute("CREATE KEYSPACE IF NOT EXISTS lifetime WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE IF NOT EXISTS lifetime.t (id int PRIMARY KEY)");
        NativeStatement insert = session.prepare("INSERT INTO lifetime.t (id) VALUES (?)");
        RowBuffer rows = new RowBuffer();
        for (int i = 0; i < 100; i++) {
            insert.encoder().encodeRow(new Object[] {i}, rows);
        }
        insert.execute(rows, "LOCAL_ONE");
        insert.close();
        NativeStatement select = session.prepare("SELECT id FROM lifetime.t");
        int sessionsBefore = NativeSession.openSessionCount();

        AtomicReference<QueryResult> page = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread fetcher = new Thread(() -> {
            try {
                page.set(select.executePage(noValues(select), "LOCAL_ONE", 1000, null));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "lifetime-fetcher");

        signal(server, "STOP");
        try {
            fetcher.start();
            awaitInsideNativeCall(fetcher, "executePage");

            select.close();
            session.close();

            assertThat(select.isClosed()).isTrue();
            assertThatThrownBy(() -> select.executePage(noValues(select), "LOCAL_ONE", 10, null))
                    .isInstanceOf(CassandraConnectorException.class)
                    .hasMessageContaining("closed")
                    .satisfies(e -> assertThat(((CassandraConnectorException) e).getCode())
                            .isEqualTo(CassandraConnectorException.Code.CLOSED));
            assertThatThrownBy(() -> session.execute("SELECT id FROM lifetime.t"))
                    .isInstanceOf(CassandraConnectorException.class)
                    .hasMessageContaining("closed");
            assertThat(NativeSession.openSessionCount())
                    .as("the fetch in progress keeps its session alive")
                    .isEqualTo(sessionsBefore);
        } finally {
            signal(server, "CONT");
        }

        fetcher.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(fetcher.isAlive()).as("the fetch ends once the node resumes").isFalse();
        assertThat(failure.get()).as("the fetch that was in progress completes").isNull();
        assertThat(page.get().rows()).hasSize(100);
        assertThat(NativeSession.openSessionCount())
                .as("the last call out released the session")
                .isEqualTo(sessionsBefore - 1);
    }

    private static RowBuffer noValues(NativeStatement statement) {
        RowBuffer values = new RowBuffer(16);
        statement.encoder().encodeRow(new Object[0], values);
        return values;
    }

    /** Waits (bounded) until {@code thread} is inside the native method {@code name}. */
    static void awaitInsideNativeCall(Thread thread, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = thread.getStackTrace();
            if (stack.length > 0 && stack[0].isNativeMethod() && stack[0].getMethodName().equals(name)) {
                // Inside the JNI call; give it a moment to pass its own entry checks.
                Thread.sleep(200);
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(thread.getName() + " never entered native " + name);
    }

    private static void signal(CassandraTestServer server, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, server.pid()).isZero();
    }
}
