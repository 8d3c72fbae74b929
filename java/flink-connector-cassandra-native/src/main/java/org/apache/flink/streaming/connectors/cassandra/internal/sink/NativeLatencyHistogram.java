package org.apache.flink.streaming.connectors.cassandra.internal.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Write latency (µs) as the native pipeline measures it, in power-of-two buckets: quantiles are
 * exact to within a factor of two, which is what latency dashboards need, and recording costs
 * the write path one atomic increment.
 */
@Internal
final class NativeLatencyHistogram implements Histogram {
    private final RowBatcher writer;

    NativeLatencyHistogram(RowBatcher writer) {
        this.writer = writer;
    }

    @Override
    public void update(long value) {
        // Recorded natively.
    }

    @Override
    public long getCount() {
        long count = 0;
        for (long c : writer.latencyBuckets()) {
            count += c;
        }
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        return new BucketStatistics(writer.latencyBuckets());
    }

    /** Statistics over bucket counts; a bucket's values are taken at its midpoint. */
    static final class BucketStatistics extends HistogramStatistics {
        private final long[] buckets;
        private final long count;

        BucketStatistics(long[] buckets) {
            this.buckets = buckets;
            long n = 0;
            for (long c : buckets) {
                n += c;
            }
            this.count = n;
        }

        static long lower(int bucket) {
            return bucket == 0 ? 0 : 1L << (bucket - 1);
        }

        static long upper(int bucket) {
            return bucket == 0 ? 0 : (1L << bucket) - 1;
        }

        static double mid(int bucket) {
            return (lower(bucket) + upper(bucket)) / 2.0;
        }

        @Override
        public double getQuantile(double quantile) {
            if (count == 0) {
                return 0;
            }
            double rank = quantile * count;
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                if (buckets[i] == 0) {
                    continue;
                }
                if (seen + buckets[i] >= rank) {
                    double within = (rank - seen) / buckets[i];
                    return lower(i) + within * (upper(i) - lower(i));
                }
                seen += buckets[i];
            }
            return getMax();
        }

        @Override
        public long[] getValues() {
            int n = (int) Math.min(count, 10_000);
            long[] values = new long[n];
            int k = 0;
            for (int i = 0; i < buckets.length && k < n; i++) {
                for (long j = 0; j < buckets[i] && k < n; j++) {
                    values[k++] = (long) mid(i);
                }
            }
            return values;
        }

        @Override
        public int size() {
            return (int) Math.min(count, Integer.MAX_VALUE);
        }

        @Override
        public double getMean() {
            if (count == 0) {
                return 0;
            }
            double sum = 0;
            for (int i = 0; i < buckets.length; i++) {
                sum += buckets[i] * mid(i);
            }
            return sum / count;
        }

        @Override
        public double getStdDev() {
            if (count < 2) {
                return 0;
            }
            double mean = getMean();
            double squares = 0;
            for (int i = 0; i < buckets.length; i++) {
                double d = mid(i) - mean;
                squares += buckets[i] * d * d;
            }
            return Math.sqrt(squares / (count - 1));
        }

        @Override
        public long getMax() {
            for (int i = buckets.length - 1; i >= 0; i--) {
                if (buckets[i] > 0) {
                    return upper(i);
                }
            }
            return 0;
        }

        @Override
        public long getMin() {
            for (int i = 0; i < buckets.length; i++) {
                if (buckets[i] > 0) {
                    return lower(i);
                }
            }
            return 0;
        }
    }
}
