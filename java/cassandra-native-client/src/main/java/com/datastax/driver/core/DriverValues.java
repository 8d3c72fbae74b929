package com.datastax.driver.core;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CqlDuration;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Converts between the Java values of the connector's codecs (java.time, byte[]) and those the
 * DataStax 3.x driver uses (java.util.Date, its own LocalDate, long nanos for time, ByteBuffer,
 * TupleValue, UDTValue).
 */
@Internal
final class DriverValues {
    private DriverValues() {}

    /** A decoded cell of {@code type} as the DataStax driver returns it from {@code getObject}. */
    static Object toDriver(CqlType type, Object value) {
        if (value == null) {
            return null;
        }
        switch (type.kind()) {
            case TIMESTAMP:
                return Date.from((Instant) value);
            case DATE:
                return LocalDate.fromJavaTime((java.time.LocalDate) value);
            case TIME:
                return ((LocalTime) value).toNanoOfDay();
            case BLOB:
            case CUSTOM:
                return ByteBuffer.wrap((byte[]) value).asReadOnlyBuffer();
            case LIST:
            case VECTOR: {
                List<Object> out = new ArrayList<>();
                for (Object element : (Collection<?>) value) {
                    out.add(toDriver(type.elementType(), element));
                }
                return out;
            }
            case SET: {
                Set<Object> out = new LinkedHashSet<>();
                for (Object element : (Collection<?>) value) {
                    out.add(toDriver(type.elementType(), element));
                }
                return out;
            }
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(toDriver(type.keyType(), e.getKey()), toDriver(type.valueType(), e.getValue()));
                }
                return out;
            }
            case TUPLE:
                return new TupleValue(type, ((List<?>) value).toArray());
            case UDT:
                return new UDTValue(type, ((Map<?, ?>) value).values().toArray());
            default:
                return value;
        }
    }

    /** A value bound by user code, in a form the connector's codecs accept. */
    static Object toInternal(Object value) {
        if (value instanceof LocalDate) {
            return ((LocalDate) value).toJavaTime();
        } else if (value instanceof CompositeValue) {
            return ((CompositeValue) value).internalValues();
        } else if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object element : (List<?>) value) {
                out.add(toInternal(element));
            }
            return out;
        } else if (value instanceof Set) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object element : (Set<?>) value) {
                out.add(toInternal(element));
            }
            return out;
        } else if (value instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                out.put(toInternal(e.getKey()), toInternal(e.getValue()));
            }
            return out;
        }
        return value;
    }

    /** The class {@link #toDriver} returns for {@code type}. */
    static Class<?> driverClass(CqlType type) {
        switch (type.kind()) {
            case ASCII:
            case VARCHAR:
                return String.class;
            case BIGINT:
            case COUNTER:
            case TIME:
                return Long.class;
            case BLOB:
            case CUSTOM:
                return ByteBuffer.class;
            case BOOLEAN:
                return Boolean.class;
            case DECIMAL:
                return BigDecimal.class;
            case DOUBLE:
                return Double.class;
            case FLOAT:
                return Float.class;
            case INT:
                return Integer.class;
            case TIMESTAMP:
                return Date.class;
            case UUID:
            case TIMEUUID:
                return UUID.class;
            case VARINT:
                return BigInteger.class;
            case INET:
                return InetAddress.class;
            case DATE:
                return LocalDate.class;
            case SMALLINT:
                return Short.class;
            case TINYINT:
                return Byte.class;
            case DURATION:
                return CqlDuration.class;
            case LIST:
            case VECTOR:
                return List.class;
            case SET:
                return Set.class;
            case MAP:
                return Map.class;
            case UDT:
                return UDTValue.class;
            case TUPLE:
                return TupleValue.class;
            default:
                return Object.class;
        }
    }
}
