package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Date;

/** The codecs of timestamp, date, time and duration. */
@Internal
final class TimeCodecs {

    private TimeCodecs() {}

    private static final long MAX_NANOS_OF_DAY = 86_399_999_999_999L;
    private static final long EPOCH_DAY_OFFSET = 1L << 31;

    static final class TimestampCodec extends FixedCodec {
        TimestampCodec(CqlType t) {
            super(t, 8);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            long millis;
            if (value instanceof Instant) {
                try {
                    millis = ((Instant) value).toEpochMilli();
                } catch (ArithmeticException e) {
                    throw fail(value, "out of the range of epoch milliseconds in a long");
                }
            } else if (value instanceof Date) {
                millis = ((Date) value).getTime();
            } else if (value instanceof Long) {
                millis = (Long) value;
            } else {
                throw fail(value, "expected Instant, java.util.Date or Long (epoch milliseconds)");
            }
            out.putLong(millis);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            return Instant.ofEpochMilli(buf.getLong(offset));
        }
    }

    static final class DateCodec extends FixedCodec {
        DateCodec(CqlType t) {
            super(t, 4);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            LocalDate date;
            if (value instanceof LocalDate) {
                date = (LocalDate) value;
            } else if (value instanceof java.sql.Date) {
                date = ((java.sql.Date) value).toLocalDate();
            } else {
                throw fail(value, "expected LocalDate or java.sql.Date");
            }
            long days = date.toEpochDay();
            if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
                throw fail(value, "more than 2^31 days away from 1970-01-01");
            }
            out.putInt((int) (days + EPOCH_DAY_OFFSET));
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            long unsigned = buf.getInt(offset) & 0xFFFFFFFFL;
            return LocalDate.ofEpochDay(unsigned - EPOCH_DAY_OFFSET);
        }
    }

    static final class TimeCodec extends FixedCodec {
        TimeCodec(CqlType t) {
            super(t, 8);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            long nanos;
            if (value instanceof LocalTime) {
                nanos = ((LocalTime) value).toNanoOfDay();
            } else if (value instanceof Long) {
                nanos = (Long) value;
                if (nanos < 0 || nanos > MAX_NANOS_OF_DAY) {
                    throw fail(value, "nanoseconds of day must be within 0.." + MAX_NANOS_OF_DAY);
                }
            } else {
                throw fail(value, "expected LocalTime or Long (nanoseconds of day)");
            }
            out.putLong(nanos);
        }

        @Override
        Object decodeFixed(ByteBuffer buf, int offset) {
            long nanos = buf.getLong(offset);
            if (nanos < 0 || nanos > MAX_NANOS_OF_DAY) {
                throw decodeFail(8, "nanoseconds of day out of range: " + nanos);
            }
            return LocalTime.ofNanoOfDay(nanos);
        }
    }

    static final class DurationCodec extends CqlCodec {
        DurationCodec(CqlType t) {
            super(t);
        }

        @Override
        void encodeBody(Object value, RowBuffer out) {
            CqlDuration d;
            if (value instanceof CqlDuration) {
                d = (CqlDuration) value;
            } else if (value instanceof Duration) {
                try {
                    d = CqlDuration.from((Duration) value);
                } catch (CassandraInvalidValueException e) {
                    throw fail(value, "too long for a CQL duration (more than 2^63 nanoseconds)");
                }
            } else {
                throw fail(value, "expected CqlDuration or java.time.Duration");
            }
            VIntCoding.writeSignedVInt(d.getMonths(), out);
            VIntCoding.writeSignedVInt(d.getDays(), out);
            VIntCoding.writeSignedVInt(d.getNanoseconds(), out);
        }

        @Override
        Object decodeValue(ByteBuffer buf, int offset, int length) {
            int end = offset + length;
            long[] parts = new long[3];
            int p = offset;
            for (int i = 0; i < 3; i++) {
                if (p >= end || p + VIntCoding.sizeAt(buf, p) > end) {
                    throw decodeFail(length, "truncated duration");
                }
                parts[i] = VIntCoding.readSignedVInt(buf, p);
                p += VIntCoding.sizeAt(buf, p);
            }
            if (p != end) {
                throw decodeFail(length, "trailing bytes after duration");
            }
            if (parts[0] != (int) parts[0] || parts[1] != (int) parts[1]) {
                throw decodeFail(length, "months or days out of int range");
            }
            return CqlDuration.of((int) parts[0], (int) parts[1], parts[2]);
        }
    }
}
