package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.nio.file.Paths;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension sharing ONE default Cassandra node (AllowAllAuthenticator, no TLS) across the
 * whole test JVM. It is started lazily on first use and stopped when the test plan ends.
 *
 * <pre>{@code
 * @ExtendWith(CassandraExtension.class)
 * class MyITCase {
 *     @Test
 *     void test(CassandraTestServer server) {
 *         connect(server.contactPoint());           // or CassandraExtension.server()
 *     }
 * }
 * }</pre>
 *
 * <p>The node directory is {@code target/cassandra-shared} of the working directory (override with
 * the system property {@value #DATA_DIR_PROPERTY}); the heap with {@value #HEAP_PROPERTY} (MiB).
 */
public class CassandraExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    public static final String DATA_DIR_PROPERTY = "cassandra.testserver.dir";
    public static final String HEAP_PROPERTY = "cassandra.testserver.heap_mb";

    private static final String STORE_KEY = CassandraExtension.class.getName() + ".shared";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CassandraExtension.class);

    private static CassandraTestServer shared;

    /** The shared node, started if needed. Usable also outside JUnit (stopped by a shutdown hook). */
    public static synchronized CassandraTestServer server() {
        if (shared == null || !shared.isRunning()) {
            shared =
                    CassandraTestServer.builder()
                            .dataDir(Paths.get(System.getProperty(DATA_DIR_PROPERTY, "target/cassandra-shared")))
                            .heapMb(Integer.getInteger(HEAP_PROPERTY, 1024))
                            .build()
                            .start();
        }
        return shared;
    }

    private static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        register(context);
        server();
    }

    /** A test that paused the shared node and failed before resuming it must not freeze the next. */
    @Override
    public void afterEach(ExtensionContext context) {
        CassandraTestServer server;
        synchronized (CassandraExtension.class) {
            server = shared;
        }
        if (server != null && server.isPaused()) {
            server.resume();
        }
    }

    private static void register(ExtensionContext context) {
        // one resource in the root store: closed once, when the whole test plan has finished
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(STORE_KEY, k -> new SharedServerResource(), SharedServerResource.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CassandraTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        register(extensionContext);
        return server();
    }

    private static final class SharedServerResource implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stopShared();
        }
    }
}
