package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * A CQL {@code date} (days since the epoch, no time zone), as the DataStax 3.x driver returns it
 * from {@link Row#getDate}. Converts to and from {@link java.time.LocalDate}.
 */
@PublicEvolving
public final class LocalDate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int daysSinceEpoch;

    private LocalDate(int daysSinceEpoch) {
        this.daysSinceEpoch = daysSinceEpoch;
    }

    public static LocalDate fromDaysSinceEpoch(int daysSinceEpoch) {
        return new LocalDate(daysSinceEpoch);
    }

    public static LocalDate fromMillisSinceEpoch(long millisSinceEpoch) {
        return new LocalDate((int) Math.floorDiv(millisSinceEpoch, 86_400_000L));
    }

    public static LocalDate fromYearMonthDay(int year, int month, int dayOfMonth) {
        return new LocalDate((int) java.time.LocalDate.of(year, month, dayOfMonth).toEpochDay());
    }

    /** Not in the DataStax driver: from {@code java.time}. */
    public static LocalDate fromJavaTime(java.time.LocalDate date) {
        return new LocalDate((int) date.toEpochDay());
    }

    public int getDaysSinceEpoch() {
        return daysSinceEpoch;
    }

    public long getMillisSinceEpoch() {
        return daysSinceEpoch * 86_400_000L;
    }

    public int getYear() {
        return toJavaTime().getYear();
    }

    public int getMonth() {
        return toJavaTime().getMonthValue();
    }

    public int getDay() {
        return toJavaTime().getDayOfMonth();
    }

    /** Not in the DataStax driver: to {@code java.time}. */
    public java.time.LocalDate toJavaTime() {
        return java.time.LocalDate.ofEpochDay(daysSinceEpoch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalDate && ((LocalDate) o).daysSinceEpoch == daysSinceEpoch;
    }

    @Override
    public int hashCode() {
        return daysSinceEpoch;
    }

    /** {@code yyyy-mm-dd}. */
    @Override
    public String toString() {
        return toJavaTime().toString();
    }
}
