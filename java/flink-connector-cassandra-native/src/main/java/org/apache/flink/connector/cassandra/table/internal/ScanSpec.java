package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scan reads, after push-down: the selected columns, the partitions (all, by token
 * ranges, or the listed ones), ranges of the first clustering column, and a row limit per
 * partition query or per token-range split.
 */
@Internal
public final class ScanSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One bound on a clustering column: {@code column op value}. */
    public static final class Bound implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String column;
        public final String op;
        /** The literal as Flink gives it (String, Integer, BigDecimal, LocalDate, ...). */
        public final Object value;
        public final LogicalType type;

        public Bound(String column, String op, Object value, LogicalType type) {
            this.column = column;
            this.op = op;
            this.value = value;
            this.type = type;
        }

        @Override
        public String toString() {
            return column + " " + op + " ?";
        }
    }

    public final String keyspace;
    public final String table;
    /**
     * Selected columns (never empty: a projection to no column reads the first key column), then
     * the metadata keys ({@code writetime:c}, {@code ttl:c}) read with them.
     */
    public final List<String> columns;
    public final List<LogicalType> types;
    /** Partition key columns and, per partition to read, their literal values; null: every partition. */
    public final List<String> partitionKey;
    public final List<LogicalType> partitionKeyTypes;
    public final List<Object[]> partitions;
    public final List<Bound> clusteringBounds;
    public final Long limit;

    public ScanSpec(String keyspace, String table, List<String> columns, List<LogicalType> types,
            List<String> partitionKey, List<LogicalType> partitionKeyTypes, List<Object[]> partitions,
            List<Bound> clusteringBounds, Long limit) {
        this.keyspace = keyspace;
        this.table = table;
        this.columns = columns;
        this.types = types;
        this.partitionKey = partitionKey;
        this.partitionKeyTypes = partitionKeyTypes;
        this.partitions = partitions;
        this.clusteringBounds = clusteringBounds;
        this.limit = limit;
    }

    public String selectList() {
        List<String> quoted = new ArrayList<>();
        for (String c : columns) {
            quoted.add(ReadMetadata.selector(c));
        }
        return String.join(", ", quoted);
    }

    public String from() {
        return CqlTableSchema.quote(keyspace) + "." + CqlTableSchema.quote(table);
    }

    /** The statement of one single-partition read: partition key, then clustering bounds. */
    public String partitionCql() {
        StringBuilder cql = new StringBuilder("SELECT ").append(selectList()).append(" FROM ").append(from()).append(" WHERE ");
        for (int i = 0; i < partitionKey.size(); i++) {
            cql.append(i == 0 ? "" : " AND ").append(CqlTableSchema.quote(partitionKey.get(i))).append(" = ?");
        }
        for (Bound b : clusteringBounds) {
            cql.append(" AND ").append(CqlTableSchema.quote(b.column)).append(' ').append(b.op).append(" ?");
        }
        if (limit != null) {
            cql.append(" LIMIT ").append(limit);
        }
        return cql.toString();
    }

    /** The ring scan's statement (the source adds the token ranges and the limit per split). */
    public String scanCql() {
        return "SELECT " + selectList() + " FROM " + from();
    }

    /** A literal as Flink's internal data of {@code type}, for the column converters. */
    public static Object internal(Object literal, LogicalType type) {
        if (literal == null) {
            return null;
        }
        if (literal instanceof String) {
            return StringData.fromString((String) literal);
        }
        if (literal instanceof BigDecimal) {
            DecimalType d = (DecimalType) type;
            return DecimalData.fromBigDecimal((BigDecimal) literal, d.getPrecision(), d.getScale());
        }
        if (literal instanceof LocalDate) {
            return (int) ((LocalDate) literal).toEpochDay();
        }
        if (literal instanceof LocalTime) {
            return (int) (((LocalTime) literal).toNanoOfDay() / 1_000_000L);
        }
        if (literal instanceof LocalDateTime) {
            return TimestampData.fromLocalDateTime((LocalDateTime) literal);
        }
        if (literal instanceof Instant) {
            return TimestampData.fromInstant((Instant) literal);
        }
        return literal; // Boolean, numbers, byte[]
    }

    @Override
    public String toString() {
        return partitions == null ? scanCql() : partitionCql() + " x " + partitions.size() + " partitions";
    }
}
