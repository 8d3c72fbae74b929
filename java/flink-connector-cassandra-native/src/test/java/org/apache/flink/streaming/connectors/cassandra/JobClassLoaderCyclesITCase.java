package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.cassandra.internal.nativelib.NativeLibrary;
import org.apache.flink.streaming.connectors.cassandra.testserver.CassandraTestServer;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a TaskManager does job after job (issue 12, part 3): jobs run one after another in one
 * MiniCluster (this JVM); each has the connector's shaded jar (with the native library, built by
 * the package phase) and a jar with its connection class as user jars, so Flink's child-first
 * user-code classloader loads the connector, and writes rows through the at-least-once sink.
 * Asserted: the connector classes each job ran (its sink included) came from that job's own
 * loader, not from the test's classpath; every row is in Cassandra; after the jobs every job
 * loader is collected, its copy of the native library unmapped and the native runtime's threads
 * gone.
 *
 * <p>The test's classpath holds the connector too, and Flink's default parent-first patterns hold
 * {@code org.apache.flink.}: with them every job would use the test's copy and nothing would be
 * cycled. This MiniCluster lists Flink's own packages instead, so the connector's packages load
 * child-first from the job's jars, as on a TaskManager whose lib/ does not hold the connector.
 *
 * <p>{@code -Dtorture.classloaders} (default {@value #QUICK_CYCLES}; scripts/torture runs 50).
 */
class JobClassLoaderCyclesITCase {
    static final int QUICK_CYCLES = 5;
    private static final int ROWS_PER_JOB = 10;
    private static final String FLINK = "org.apache.flink.";
    /** What replaces {@value #FLINK} in the parent-first patterns: Flink's own packages. */
    private static final List<String> FLINK_PACKAGES = List.of(
            "org.apache.flink.annotation.", "org.apache.flink.api.", "org.apache.flink.configuration.",
            "org.apache.flink.core.", "org.apache.flink.metrics.", "org.apache.flink.runtime.",
            "org.apache.flink.shaded.", "org.apache.flink.streaming.api.", "org.apache.flink.streaming.runtime.",
            "org.apache.flink.table.", "org.apache.flink.types.", "org.apache.flink.util.");
    private static final List<String> PARENT_FIRST = parentFirstPatterns();
    private static final String LIBRARY_FILE = System.mapLibraryName("cassandra_flink_native");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(connectorChildFirst())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    @Test
    void eachJobLoadsTheConnectorInItsOwnLoaderAndEveryLoaderIsCollected(
            @InjectMiniCluster MiniCluster miniCluster, @TempDir Path tmp) throws Exception {
        int cycles = Integer.getInteger("torture.classloaders", QUICK_CYCLES);
        Path connectorJar = connectorJar();
        List<Path> userJars = List.of(connectorJar, jobJar(tmp));
        CassandraTestServer server = CassandraTestSupport.server();
        String table = CassandraTestSupport.createTable("loaders", "id bigint PRIMARY KEY, job text");
        JobLoaderProbe.clear();
        // The test's own copy of the library (loaded by the DDL above) and its runtime's threads.
        long copiesBefore = mappedLibraryCopies();
        long nativeThreadsBefore = nativeWorkerThreads();
        long t0 = System.nanoTime();
        int jvmThreadsAfterFirst = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            runJob(miniCluster, userJars, table, cycle, new ProbingClusterBuilder(server.host(), server.nativePort()));
            if (cycle == 0) {
                jvmThreadsAfterFirst = ManagementFactory.getThreadMXBean().getThreadCount();
            }
            System.out.printf("classloaders: run %d/%d, elapsed %d s, library copies mapped %d%n", cycle + 1, cycles,
                    elapsed(t0), mappedLibraryCopies());
        }

        List<JobLoaderProbe.Call> calls = JobLoaderProbe.calls().stream().filter(c -> c.fromTask).collect(Collectors.toList());
        assertThat(calls).as("connections opened by the jobs' tasks").isNotEmpty();
        System.out.println("classloaders: the first job's " + calls.get(0));
        for (JobLoaderProbe.Call call : calls) {
            assertThat(call.definedByTestLoader).as("connector classes from the test's classpath in %s", call).isFalse();
            assertThat(call.loaderIds).as("loaders of one job's connector classes in %s", call).hasSize(1);
            assertThat(call.loaderTypes.get(0)).as("Flink's child-first user-code loader in %s", call)
                    .endsWith("ChildFirstClassLoader");
            assertThat(call.connectorClasses).as("the sink among the callers in %s", call)
                    .anyMatch(name -> name.matches(".*\\.Cassandra\\w*Sink\\w*"));
        }
        Map<Integer, WeakReference<ClassLoader>> loaders = new LinkedHashMap<>();
        calls.forEach(c -> loaders.putIfAbsent(c.loaderIds.get(0), c.loaders.get(0)));
        assertThat(loaders).as("one loader per job").hasSize(cycles);

        // Flink closes a job's loader when the job ends; the JVM then collects it, and unloads its
        // library copy once collected (a Cleaner). Bounded wait for both: a leak fails here.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (reachable(loaders.values()) > 0
                || mappedLibraryCopies() > copiesBefore || nativeWorkerThreads() > nativeThreadsBefore)) {
            System.gc();
            Thread.sleep(200);
        }
        long reachable = reachable(loaders.values());
        long copiesAfter = mappedLibraryCopies();
        long nativeThreadsAfter = nativeWorkerThreads();
        int jvmThreadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long rows = CassandraTestSupport.count(table);
        System.out.printf("classloaders: %d cycles, %d collected, %d rows written of %d, native library copies mapped"
                        + " %d before/%d after, native runtime threads %d before/%d after, JVM threads %d after the first"
                        + " job/%d after the last (%d s)%n",
                cycles, cycles - reachable, rows, (long) cycles * ROWS_PER_JOB, copiesBefore, copiesAfter,
                nativeThreadsBefore, nativeThreadsAfter, jvmThreadsAfterFirst, jvmThreadsAfter, elapsed(t0));
        assertThat(rows).as("rows written by the jobs").isEqualTo((long) cycles * ROWS_PER_JOB);
        assertThat(reachable).as("job classloaders still reachable").isZero();
        assertThat(copiesAfter).as("copies of the native library still mapped").isLessThanOrEqualTo(copiesBefore);
        assertThat(nativeThreadsAfter).as("native runtime threads left").isLessThanOrEqualTo(nativeThreadsBefore);
        // Flink's pools may still grow a little after the first job; a thread kept per job would not fit.
        assertThat(jvmThreadsAfter).as("JVM threads after the last job").isLessThanOrEqualTo(jvmThreadsAfterFirst + 10);
    }

    private static void runJob(MiniCluster miniCluster, List<Path> jars, String table, int cycle, ClusterBuilder connection)
            throws Exception {
        List<org.apache.flink.core.fs.Path> userJars = jars.stream()
                .map(jar -> new org.apache.flink.core.fs.Path(jar.toUri()))
                .collect(Collectors.toList());
        StreamExecutionEnvironment env = new TestStreamEnvironment(
                miniCluster, CassandraTestSupport.noRestarts(), 1, userJars, Collections.emptyList());
        long first = (long) cycle * ROWS_PER_JOB;
        DataStream<Tuple2<Long, String>> rows = env.fromSequence(first, first + ROWS_PER_JOB - 1)
                .map(new ToRow("job " + cycle))
                .returns(Types.TUPLE(Types.LONG, Types.STRING));
        CassandraSink.addSink(rows)
                .setQuery("INSERT INTO " + table + " (id, job) VALUES (?, ?)")
                .setClusterBuilder(connection)
                .build();
        env.execute("classloader cycle " + cycle);
    }

    /** Flink's default parent-first patterns with {@value #FLINK} replaced by Flink's own packages. */
    private static List<String> parentFirstPatterns() {
        List<String> patterns = new ArrayList<>();
        for (String pattern : CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS.defaultValue()) {
            if (pattern.equals(FLINK)) {
                patterns.addAll(FLINK_PACKAGES);
            } else {
                patterns.add(pattern);
            }
        }
        return patterns;
    }

    private static Configuration connectorChildFirst() {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS, PARENT_FIRST);
        return conf;
    }

    /**
     * The module's shaded jar (the package phase runs before the integration tests), checked to
     * hold the sink and the native library, and no class the parent-first patterns would take from
     * the test's classpath instead.
     */
    private static Path connectorJar() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(Paths.get("target"))) {
            jars = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("flink-connector-cassandra-native") && name.endsWith(".jar")
                        && !name.matches(".*-(tests|sources|javadoc)\\.jar");
            }).collect(Collectors.toList());
        }
        assertThat(jars).as("the module's shaded jar in target/ (built by mvn package)").hasSize(1);
        Path jar = jars.get(0).toAbsolutePath();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getEntry("native/" + NativeLibrary.platform() + "/" + LIBRARY_FILE))
                    .as("the native library in %s", jar).isNotNull();
            assertThat(file.getEntry(CassandraSink.class.getName().replace('.', '/') + ".class"))
                    .as("the sink in %s", jar).isNotNull();
            List<String> parentFirst = file.stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> PARENT_FIRST.stream().anyMatch(name::startsWith))
                    .collect(Collectors.toList());
            assertThat(parentFirst).as("classes of %s loaded parent-first (from the test's classpath)", jar).isEmpty();
        }
        return jar;
    }

    /** The job's own classes: its connection (see {@link ProbingClusterBuilder}). */
    private static Path jobJar(Path dir) throws IOException {
        Path jar = dir.resolve("job.jar");
        String entry = ProbingClusterBuilder.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out);
                InputStream in = ProbingClusterBuilder.class.getClassLoader().getResourceAsStream(entry)) {
            assertThat(in).as(entry).isNotNull();
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    private static long reachable(Iterable<WeakReference<ClassLoader>> loaders) {
        long n = 0;
        for (WeakReference<ClassLoader> loader : loaders) {
            if (loader.get() != null) {
                n++;
            }
        }
        return n;
    }

    /** Copies of the native library mapped into this JVM (one per loader that loaded it). */
    private static long mappedLibraryCopies() throws IOException {
        try (Stream<String> maps = Files.lines(Paths.get("/proc/self/maps"))) {
            return maps.map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')))
                    .filter(path -> path.contains("/" + LIBRARY_FILE))
                    .distinct()
                    .count();
        }
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

    private static long elapsed(long t0) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    }

    /** Loaded by the test's loader in every job (in no job jar): Flink's API only. */
    private static final class ToRow implements MapFunction<Long, Tuple2<Long, String>> {
        private static final long serialVersionUID = 1L;
        private final String job;

        ToRow(String job) {
            this.job = job;
        }

        @Override
        public Tuple2<Long, String> map(Long id) {
            return Tuple2.of(id, job);
        }
    }
}
