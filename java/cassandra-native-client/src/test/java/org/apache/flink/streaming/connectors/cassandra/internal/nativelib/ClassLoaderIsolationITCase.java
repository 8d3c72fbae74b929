package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flink gives each job its own classloader. Two isolated loaders in one JVM must each load their
 * own copy of the native library, use it at the same time, and close independently.
 */
@ExtendWith(CassandraExtension.class)
class ClassLoaderIsolationITCase {
    private static final String VERSION_QUERY = "SELECT release_version FROM system.local";

    @Test
    void twoClassLoadersUseTheLibraryAtOnceAndCloseIndependently(CassandraTestServer server) throws Exception {
        try (URLClassLoader first = isolatedLoader(); URLClassLoader second = isolatedLoader()) {
            Function<String, String> a = open(first, server);
            Function<String, String> b = open(second, server);
            assertThat(first.loadClass(NativeLibrary.class.getName()))
                    .isNotSameAs(second.loadClass(NativeLibrary.class.getName()))
                    .isNotSameAs(NativeLibrary.class);

            CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> repeat(a, 50));
            CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> repeat(b, 50));
            assertThat(fromA.get()).startsWith("5.0");
            assertThat(fromB.get()).startsWith("5.0");

            ((AutoCloseable) a).close();
            assertThat(b.apply(VERSION_QUERY)).as("the other loader's session survives").startsWith("5.0");
            assertThatThrownBy(() -> a.apply(VERSION_QUERY)).hasMessageContaining("closed");
            ((AutoCloseable) b).close();
        }
    }

    @Test
    void anUnsupportedPlatformIsReportedWithThePlatformsTheJarHolds() throws Exception {
        String arch = System.getProperty("os.arch");
        try (URLClassLoader loader = isolatedLoader()) {
            System.setProperty("os.arch", "sparcv9");
            Class<?> library = loader.loadClass(NativeLibrary.class.getName());
            assertThatThrownBy(() -> invoke(library))
                    .hasMessageContaining("linux-sparcv9 is not supported")
                    .hasMessageContaining("linux-x86_64/libcassandra_flink_native.so");
        } finally {
            System.setProperty("os.arch", arch);
        }
    }

    private static void invoke(Class<?> library) throws Throwable {
        try {
            library.getMethod("load").invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String repeat(Function<String, String> client, int times) {
        String last = null;
        for (int i = 0; i < times; i++) {
            last = client.apply(VERSION_QUERY);
        }
        return last;
    }

    @SuppressWarnings("unchecked")
    private static Function<String, String> open(ClassLoader loader, CassandraTestServer server) throws Exception {
        Class<?> client = loader.loadClass(IsolatedClient.class.getName());
        assertThat(client.getClassLoader()).isSameAs(loader);
        return (Function<String, String>) client.getConstructor(String.class, Integer.class)
                .newInstance(server.host(), server.nativePort());
    }

    /** Our classes (main and test, with the bundled library) and SLF4J, but nothing from this loader. */
    private static URLClassLoader isolatedLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Paths.get("target", "classes").toUri().toURL());
        urls.add(Paths.get("target", "test-classes").toUri().toURL());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("slf4j-api")) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }
}
