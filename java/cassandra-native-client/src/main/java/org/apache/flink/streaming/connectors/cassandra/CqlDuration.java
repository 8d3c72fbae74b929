package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;

/**
 * An immutable CQL {@code duration} value: months, days and nanoseconds, kept apart because a month
 * and a day do not have a fixed length in nanoseconds.
 *
 * <p>All three components must have the same sign (or be zero), as Cassandra requires.
 */
@PublicEvolving
public final class CqlDuration implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;

    private final int months;
    private final int days;
    private final long nanoseconds;

    private CqlDuration(int months, int days, long nanoseconds) {
        this.months = months;
        this.days = days;
        this.nanoseconds = nanoseconds;
    }

    /**
     * A duration of the given components.
     *
     * @throws CassandraInvalidValueException if the components have mixed signs
     */
    public static CqlDuration of(int months, int days, long nanoseconds) {
        boolean anyNegative = months < 0 || days < 0 || nanoseconds < 0;
        boolean anyPositive = months > 0 || days > 0 || nanoseconds > 0;
        if (anyNegative && anyPositive) {
            throw new CassandraInvalidValueException(
                    "A CQL duration cannot mix positive and negative components: months="
                            + months
                            + ", days="
                            + days
                            + ", nanoseconds="
                            + nanoseconds);
        }
        return new CqlDuration(months, days, nanoseconds);
    }

    /**
     * The exact duration as nanoseconds (months and days are zero).
     *
     * @throws CassandraInvalidValueException if the duration does not fit in a long of nanoseconds
     */
    public static CqlDuration from(Duration duration) {
        try {
            return new CqlDuration(0, 0, duration.toNanos());
        } catch (ArithmeticException e) {
            throw new CassandraInvalidValueException(
                    "java.time.Duration " + duration + " is too long for a CQL duration");
        }
    }

    public int getMonths() {
        return months;
    }

    public int getDays() {
        return days;
    }

    public long getNanoseconds() {
        return nanoseconds;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CqlDuration)) {
            return false;
        }
        CqlDuration that = (CqlDuration) o;
        return months == that.months && days == that.days && nanoseconds == that.nanoseconds;
    }

    @Override
    public int hashCode() {
        int h = months;
        h = 31 * h + days;
        h = 31 * h + Long.hashCode(nanoseconds);
        return h;
    }

    /** Cassandra's notation, e.g. {@code 1y2mo3d4h5m6s7ms8us9ns} or {@code -2d}; zero is {@code 0s}. */
    @Override
    public String toString() {
        if (months == 0 && days == 0 && nanoseconds == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        boolean negative = months < 0 || days < 0 || nanoseconds < 0;
        if (negative) {
            sb.append('-');
        }
        long m = Math.abs((long) months);
        long d = Math.abs((long) days);
        // Long.MIN_VALUE has no positive counterpart; handle it through unsigned arithmetic.
        long n = nanoseconds == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(nanoseconds);
        append(sb, m / 12, "y");
        append(sb, m % 12, "mo");
        append(sb, d, "d");
        n = appendUnsigned(sb, n, NANOS_PER_HOUR, "h");
        n = appendUnsigned(sb, n, NANOS_PER_MINUTE, "m");
        n = appendUnsigned(sb, n, NANOS_PER_SECOND, "s");
        n = appendUnsigned(sb, n, NANOS_PER_MILLI, "ms");
        n = appendUnsigned(sb, n, NANOS_PER_MICRO, "us");
        append(sb, n, "ns");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long value, String unit) {
        if (value != 0) {
            sb.append(value).append(unit);
        }
    }

    private static long appendUnsigned(StringBuilder sb, long value, long unitNanos, String unit) {
        long q = Long.divideUnsigned(value, unitNanos);
        append(sb, q, unit);
        return Long.remainderUnsigned(value, unitNanos);
    }
}
