package org.apache.flink.streaming.connectors.cassandra;

import com.datastax.driver.core.Cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The connection of {@link JobClassLoaderCyclesITCase}'s jobs: the one test class in the jobs'
 * own jar (like a user's job classes next to the connector's jar), so a job's loader defines it
 * and links it against that loader's connector classes. Tells {@link JobLoaderProbe} who calls it.
 * Top-level: as a nested class its outer class (the test's loader) and itself (the job's) would
 * disagree on their nest.
 */
final class ProbingClusterBuilder extends ClusterBuilder {
    private static final long serialVersionUID = 1L;
    private final String host;
    private final int port;

    ProbingClusterBuilder(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    protected Cluster buildCluster(Cluster.Builder builder) {
        List<Class<?>> classes = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                        .collect(Collectors.toCollection(ArrayList::new)));
        classes.add(builder.getClass());
        JobLoaderProbe.record(classes);
        return builder.addContactPoint(host).withPort(port).build();
    }
}
