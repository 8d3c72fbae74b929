package org.apache.flink.streaming.connectors.cassandra.metrics;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;

import java.util.Map;

/**
 * Flink's {@link org.apache.flink.metrics.MetricGroup} plus {@link #histogram(String)}, which
 * registers a {@link SlidingWindowHistogram}: code written against the specification's
 * monitoring example ({@code metricGroup.histogram("checkpoint_latency")}) compiles by importing
 * this type. Wrap any Flink metric group with {@link #of}.
 */
@PublicEvolving
public interface MetricGroup extends org.apache.flink.metrics.MetricGroup {

    /** Registers a histogram over the last {@value SlidingWindowHistogram#DEFAULT_SIZE} values. */
    default Histogram histogram(String name) {
        return histogram(name, new SlidingWindowHistogram(SlidingWindowHistogram.DEFAULT_SIZE));
    }

    /** {@code group} with {@link #histogram(String)}; registrations go to {@code group}. */
    static MetricGroup of(org.apache.flink.metrics.MetricGroup group) {
        return group instanceof MetricGroup ? (MetricGroup) group : new Delegating(group);
    }

    /** Forwards everything to a Flink metric group. */
    final class Delegating implements MetricGroup {
        private final org.apache.flink.metrics.MetricGroup group;

        Delegating(org.apache.flink.metrics.MetricGroup group) {
            this.group = group;
        }

        @Override
        public Counter counter(String name) {
            return group.counter(name);
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            return group.counter(name, counter);
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            return group.gauge(name, gauge);
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            return group.histogram(name, histogram);
        }

        @Override
        public <M extends Meter> M meter(String name, M meter) {
            return group.meter(name, meter);
        }

        @Override
        public MetricGroup addGroup(String name) {
            return of(group.addGroup(name));
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return of(group.addGroup(key, value));
        }

        @Override
        public String[] getScopeComponents() {
            return group.getScopeComponents();
        }

        @Override
        public Map<String, String> getAllVariables() {
            return group.getAllVariables();
        }

        @Override
        public String getMetricIdentifier(String metricName) {
            return group.getMetricIdentifier(metricName);
        }

        @Override
        public String getMetricIdentifier(String metricName, CharacterFilter filter) {
            return group.getMetricIdentifier(metricName, filter);
        }
    }
}
