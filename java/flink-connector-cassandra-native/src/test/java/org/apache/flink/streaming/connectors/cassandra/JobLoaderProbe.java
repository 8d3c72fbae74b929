package org.apache.flink.streaming.connectors.cassandra;

import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * What {@link JobClassLoaderCyclesITCase}'s jobs tell the test about the classloader they run
 * in. This class is loaded once, by the test's classloader: it is in no job jar, so a job's
 * child-first loader finds it in its parent, and every job records into the same list. Public, as
 * {@link ProbingClusterBuilder} calls it from another runtime package (the job's loader).
 */
public final class JobLoaderProbe {
    private static final String CONNECTOR = "org.apache.flink.streaming.connectors.cassandra.";
    private static final String DRIVER = "com.datastax.driver.";
    private static final List<Call> CALLS = new ArrayList<>();
    /** A number per loader seen, to tell loaders apart after some are collected (weak keys). */
    private static final Map<ClassLoader, Integer> LOADER_IDS = new WeakHashMap<>();
    private static int loadersSeen;

    private JobLoaderProbe() {}

    /**
     * One call of the connection's {@code buildCluster}: the connector's classes on the stack (and
     * the driver's builder), the loaders that defined them (held weakly: the test must not keep a
     * job's loader alive), and whether a Flink task made the call.
     */
    public static final class Call {
        public final boolean fromTask;
        public final List<String> connectorClasses;
        /** Numbers of the loaders that defined {@link #connectorClasses}, in the order first seen. */
        public final List<Integer> loaderIds;
        public final List<String> loaderTypes;
        public final List<WeakReference<ClassLoader>> loaders;
        public final boolean definedByTestLoader;
        /** The calling thread's context loader (Flink's user-code loader in a task), described. */
        public final String contextLoader;

        Call(boolean fromTask, List<String> connectorClasses, List<Integer> loaderIds, List<String> loaderTypes,
                List<WeakReference<ClassLoader>> loaders, boolean definedByTestLoader, String contextLoader) {
            this.fromTask = fromTask;
            this.connectorClasses = connectorClasses;
            this.loaderIds = loaderIds;
            this.loaderTypes = loaderTypes;
            this.loaders = loaders;
            this.definedByTestLoader = definedByTestLoader;
            this.contextLoader = contextLoader;
        }

        @Override
        public String toString() {
            return (fromTask ? "task" : "client") + " call, loaders " + loaderIds + " " + loaderTypes + ": " + connectorClasses
                    + " (context loader " + contextLoader + ")";
        }
    }

    public static synchronized List<Call> calls() {
        return new ArrayList<>(CALLS);
    }

    public static synchronized void clear() {
        CALLS.clear();
    }

    /** Records a call whose stack (plus the driver builder's class) is {@code classes}. */
    public static synchronized void record(List<Class<?>> classes) {
        boolean fromTask = classes.stream().anyMatch(c -> c.getName().startsWith("org.apache.flink.streaming.runtime.tasks."));
        List<Class<?>> connector = classes.stream()
                .filter(c -> c != JobLoaderProbe.class)
                .filter(c -> c.getName().startsWith(CONNECTOR) || c.getName().startsWith(DRIVER))
                .distinct()
                .collect(Collectors.toList());
        Set<ClassLoader> loaders = new LinkedHashSet<>(); // ClassLoader has identity equality
        connector.forEach(c -> loaders.add(c.getClassLoader()));
        CALLS.add(new Call(
                fromTask,
                connector.stream().map(Class::getName).collect(Collectors.toList()),
                loaders.stream().map(l -> LOADER_IDS.computeIfAbsent(l, k -> ++loadersSeen)).collect(Collectors.toList()),
                loaders.stream().map(l -> l == null ? "bootstrap" : l.getClass().getName()).collect(Collectors.toList()),
                loaders.stream().map(l -> new WeakReference<>(l)).collect(Collectors.toList()),
                loaders.contains(JobLoaderProbe.class.getClassLoader()),
                describe(Thread.currentThread().getContextClassLoader())));
    }

    private static String describe(ClassLoader loader) {
        if (loader instanceof URLClassLoader) {
            return loader.getClass().getName() + " " + Arrays.toString(((URLClassLoader) loader).getURLs());
        }
        return String.valueOf(loader);
    }
}
