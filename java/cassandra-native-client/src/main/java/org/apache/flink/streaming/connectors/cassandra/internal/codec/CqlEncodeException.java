package org.apache.flink.streaming.connectors.cassandra.internal.codec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraInvalidValueException;

/**
 * A Java value cannot be encoded as a CQL type. The message names the CQL type and the Java class;
 * {@link RowEncoder} rethrows it with the column and the query.
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public class CqlEncodeException extends CassandraInvalidValueException {
    private static final long serialVersionUID = 1L;

    private final String valueDescription;
    private final String cqlType;
    private final String reason;

    public CqlEncodeException(CqlType type, Object value, String reason) {
        this(String.valueOf(type), ValuePreview.describe(value), reason);
    }

    private CqlEncodeException(String cqlType, String valueDescription, String reason) {
        super("Cannot write " + valueDescription + " to CQL type " + cqlType + ": " + reason);
        this.cqlType = cqlType;
        this.valueDescription = valueDescription;
        this.reason = reason;
    }

    /** The Java class and a short preview of the value, e.g. {@code java.lang.String "abc"}. */
    public String valueDescription() {
        return valueDescription;
    }

    /** The CQL type, in CQL syntax. */
    public String cqlType() {
        return cqlType;
    }

    /** Why the value was rejected, e.g. {@code expected Integer, Short or Byte}. */
    public String reason() {
        return reason;
    }

    /** A description for an enclosing value: {@code cannot write <value> as <type>: <reason>}. */
    public String nestedDescription() {
        return "cannot write " + valueDescription + " as " + cqlType + ": " + reason;
    }
}
