package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraExtension;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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

    /**
     * A TaskManager runs job after job, each in its own classloader: once a job's sessions are
     * closed, nothing native may keep its loader reachable (so the loader and its library copy
     * are unloaded), and the runtime's worker threads are gone.
     */
    @Test
    void jobClassLoadersAreUnloadedAfterTheirSessionsClose(CassandraTestServer server) throws Exception {
        String table = "isolation.unload";
        try (NativeSession setup = NativeSession.open(settings(server))) {
            setup.execute("CREATE KEYSPACE IF NOT EXISTS isolation WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            setup.execute("CREATE TABLE IF NOT EXISTS " + table + " (id int PRIMARY KEY, loader text)");
            setup.execute("TRUNCATE " + table);
        }
        // Runtimes of sessions other tests of this JVM still hold (normally none).
        long threadsBefore = nativeWorkerThreads();
        int cycles = 50;
        int rowsPerCycle = 20;
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            loaders.add(runJobInItsOwnLoader(server, table, cycle * rowsPerCycle, rowsPerCycle));
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline
                && (loaders.stream().anyMatch(l -> l.get() != null) || nativeWorkerThreads() > threadsBefore)) {
            System.gc();
            Thread.sleep(200);
        }
        assertThat(loaders.stream().filter(l -> l.get() != null).count())
                .as("job classloaders still reachable after their sessions closed")
                .isZero();
        assertThat(nativeWorkerThreads()).as("native runtime worker threads left").isLessThanOrEqualTo(threadsBefore);
        try (NativeSession check = NativeSession.open(settings(server))) {
            assertThat(check.execute("SELECT count(*) FROM " + table).singleValue()).isEqualTo((long) cycles * rowsPerCycle);
        }
    }

    private static ConnectionSettings settings(CassandraTestServer server) {
        return ConnectionSettings.builder().addContactPoint(server.host()).port(server.nativePort()).build();
    }

    /** One job: a fresh loader opens a session, writes, closes; only a weak reference is kept. */
    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader> runJobInItsOwnLoader(
            CassandraTestServer server, String table, int firstKey, int rows) throws Exception {
        URLClassLoader loader = isolatedLoader();
        Object client = loader.loadClass(IsolatedClient.class.getName())
                .getConstructor(String.class, Integer.class)
                .newInstance(server.host(), server.nativePort());
        int[] keys = new int[rows];
        for (int i = 0; i < rows; i++) {
            keys[i] = firstKey + i;
        }
        ((BiConsumer<String, int[]>) client).accept(table, keys);
        ((AutoCloseable) client).close();
        loader.close();
        return new WeakReference<>(loader);
    }

    /** Threads of the native runtime, by their OS name ("cassandra-native-io", cut to 15 bytes). */
    private static long nativeWorkerThreads() throws IOException {
        long count = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("cassandra-nativ")) {
                        count++;
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while we listed it
                }
            }
        }
        return count;
    }

    /** One file can be loaded by one classloader only: the override must work for two at once. */
    @Test
    void theLibraryPathOverrideWorksForTwoClassLoadersAtOnce(CassandraTestServer server) throws Exception {
        Path built = Paths.get("target", "native-resources", "native", NativeLibrary.platform(),
                NativeLibrary.libraryFileName()).toAbsolutePath();
        assertThat(built).exists();
        String previous = System.getProperty(NativeLibrary.PATH_PROPERTY);
        System.setProperty(NativeLibrary.PATH_PROPERTY, built.toString());
        try (URLClassLoader first = isolatedLoader(); URLClassLoader second = isolatedLoader()) {
            Function<String, String> a = open(first, server);
            Function<String, String> b = open(second, server);
            assertThat(a.apply(VERSION_QUERY)).startsWith("5.0");
            assertThat(b.apply(VERSION_QUERY)).startsWith("5.0");
            ((AutoCloseable) a).close();
            ((AutoCloseable) b).close();
        } finally {
            if (previous == null) {
                System.clearProperty(NativeLibrary.PATH_PROPERTY);
            } else {
                System.setProperty(NativeLibrary.PATH_PROPERTY, previous);
            }
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
