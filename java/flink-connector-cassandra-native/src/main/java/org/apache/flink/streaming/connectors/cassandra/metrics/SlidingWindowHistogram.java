package org.apache.flink.streaming.connectors.cassandra.metrics;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

import java.util.Arrays;

/** A thread-safe histogram over the last {@code size} values it was given. */
@PublicEvolving
public final class SlidingWindowHistogram implements Histogram {
    public static final int DEFAULT_SIZE = 1024;

    private final long[] window;
    private long count;

    public SlidingWindowHistogram(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("histogram window size must be positive, got " + size);
        }
        this.window = new long[size];
    }

    @Override
    public synchronized void update(long value) {
        window[(int) (count % window.length)] = value;
        count++;
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
        return new Snapshot(Arrays.copyOf(window, (int) Math.min(count, window.length)));
    }

    /** Statistics of a sorted copy of the window. */
    private static final class Snapshot extends HistogramStatistics {
        private final long[] values;

        Snapshot(long[] values) {
            Arrays.sort(values);
            this.values = values;
        }

        @Override
        public double getQuantile(double quantile) {
            if (values.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(quantile * values.length) - 1;
            return values[Math.max(0, Math.min(values.length - 1, index))];
        }

        @Override
        public long[] getValues() {
            return values.clone();
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double getMean() {
            return values.length == 0 ? 0 : Arrays.stream(values).average().orElse(0);
        }

        @Override
        public double getStdDev() {
            if (values.length < 2) {
                return 0;
            }
            double mean = getMean();
            double squares = 0;
            for (long v : values) {
                squares += (v - mean) * (v - mean);
            }
            return Math.sqrt(squares / (values.length - 1));
        }

        @Override
        public long getMax() {
            return values.length == 0 ? 0 : values[values.length - 1];
        }

        @Override
        public long getMin() {
            return values.length == 0 ? 0 : values[0];
        }
    }
}
