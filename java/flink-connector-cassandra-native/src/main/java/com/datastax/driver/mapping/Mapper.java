package com.datastax.driver.mapping;

import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Holder of {@link Option}, named like the DataStax mapper's so that jobs move over by changing
 * imports only. There is no object mapper behind it: the sink generates its INSERT from the
 * POJO's annotations and these options.
 */
@PublicEvolving
public final class Mapper {
    private Mapper() {}

    /** One option of the generated write. */
    public static final class Option implements Serializable {
        private static final long serialVersionUID = 1L;

        /** What an option sets. */
        public enum Kind {
            TTL,
            TIMESTAMP,
            CONSISTENCY,
            SAVE_NULL_FIELDS,
            IF_NOT_EXISTS,
            TRACING
        }

        private final Kind kind;
        private final Object value;

        private Option(Kind kind, Object value) {
            this.kind = kind;
            this.value = value;
        }

        /** Time to live of the written cells, in seconds. */
        public static Option ttl(int seconds) {
            if (seconds < 0) {
                throw new CassandraConfigurationException("Mapper.Option.ttl: must not be negative, got " + seconds);
            }
            return new Option(Kind.TTL, seconds);
        }

        /** Write time in microseconds since the epoch (Cassandra's unit). */
        public static Option timestamp(long micros) {
            return new Option(Kind.TIMESTAMP, micros);
        }

        /** Consistency level name, e.g. {@code "LOCAL_QUORUM"}. */
        public static Option consistencyLevel(String level) {
            return new Option(Kind.CONSISTENCY, level);
        }

        /** Consistency level of the writes, as the DataStax mapper takes it. */
        public static Option consistencyLevel(com.datastax.driver.core.ConsistencyLevel level) {
            if (level == null) {
                throw new CassandraConfigurationException("Mapper.Option.consistencyLevel: must not be null");
            }
            return new Option(Kind.CONSISTENCY, level.name());
        }

        /** Consistency level of the writes. */
        public static Option consistencyLevel(Enum<?> level) {
            return new Option(Kind.CONSISTENCY, level.name());
        }

        /**
         * Whether null fields are written as nulls (tombstones; the default) or left unset, which
         * keeps whatever the column held.
         */
        public static Option saveNullFields(boolean save) {
            return new Option(Kind.SAVE_NULL_FIELDS, save);
        }

        /** Lightweight transaction: write only if the row does not exist. */
        public static Option ifNotExists(boolean ifNotExists) {
            return new Option(Kind.IF_NOT_EXISTS, ifNotExists);
        }

        /** Accepted for compatibility; tracing is not supported and this has no effect. */
        public static Option tracing(boolean tracing) {
            return new Option(Kind.TRACING, tracing);
        }

        public Kind kind() {
            return kind;
        }

        public Object value() {
            return value;
        }

        @Override
        public String toString() {
            return kind + "=" + value;
        }
    }
}
