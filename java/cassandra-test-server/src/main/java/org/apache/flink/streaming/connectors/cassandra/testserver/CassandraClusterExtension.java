package org.apache.flink.streaming.connectors.cassandra.testserver;

import java.nio.file.Paths;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension sharing ONE 3-node Cassandra cluster (127.0.0.1-3, see {@link
 * CassandraCluster}) across the whole test JVM, like {@link CassandraExtension} does for the
 * single node (which stays as it is). Started lazily on first use, stopped when the test plan
 * ends. After each test, paused nodes are resumed and stopped or killed ones started again, and it
 * waits until all nodes see each other, so one test's node loss does not leak into the next.
 *
 * <pre>{@code
 * @ExtendWith(CassandraClusterExtension.class)
 * class MyClusterITCase {
 *     @Test
 *     void test(CassandraCluster cluster) {
 *         cluster.kill(2);
 *     }
 * }
 * }</pre>
 *
 * <p>Node directories under {@code target/cassandra-cluster-shared} (system property {@value
 * #DATA_DIR_PROPERTY}); heap per node {@value #HEAP_PROPERTY} (MiB, default 512).
 */
public class CassandraClusterExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    public static final String DATA_DIR_PROPERTY = "cassandra.testserver.cluster.dir";
    public static final String HEAP_PROPERTY = "cassandra.testserver.cluster.heap_mb";
    public static final int NODES = 3;

    private static final String STORE_KEY = CassandraClusterExtension.class.getName() + ".shared";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CassandraClusterExtension.class);

    private static CassandraCluster shared;

    /** The shared cluster, started if needed. Usable outside JUnit (stopped by shutdown hooks). */
    public static synchronized CassandraCluster cluster() {
        if (shared == null) {
            shared =
                    CassandraCluster.builder()
                            .nodes(NODES)
                            .dataDir(Paths.get(System.getProperty(DATA_DIR_PROPERTY, "target/cassandra-cluster-shared")))
                            .heapMb(Integer.getInteger(HEAP_PROPERTY, 512))
                            .build()
                            .start();
        }
        return shared;
    }

    private static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        register(context);
        cluster();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CassandraCluster cluster;
        synchronized (CassandraClusterExtension.class) {
            cluster = shared;
        }
        if (cluster != null) {
            cluster.heal();
        }
    }

    private static void register(ExtensionContext context) {
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(STORE_KEY, k -> new SharedClusterResource(), SharedClusterResource.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CassandraCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        register(extensionContext);
        return cluster();
    }

    private static final class SharedClusterResource implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stopShared();
        }
    }
}
