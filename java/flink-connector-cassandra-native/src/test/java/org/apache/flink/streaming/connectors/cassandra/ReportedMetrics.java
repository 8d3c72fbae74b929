package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.util.Map;

/** Metrics tests: a MiniCluster whose metrics a reporter keeps, and lookups by name suffix. */
public final class ReportedMetrics {
    private ReportedMetrics() {}

    /** One task manager with two slots, reporting to {@code reporter}. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(reporter.addToConfiguration(new Configuration()))
                        .build());
    }

    /** The metric whose identifier ends with {@code suffix}, or an error listing those there are. */
    public static Metric metric(Map<String, Metric> metrics, String suffix) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith(suffix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric *" + suffix + " among " + metrics.keySet()));
    }

    /** The value of the {@code Long} gauge whose identifier ends with {@code suffix}. */
    public static long gauge(Map<String, Metric> metrics, String suffix) {
        return (Long) ((Gauge<?>) metric(metrics, suffix)).getValue();
    }
}
