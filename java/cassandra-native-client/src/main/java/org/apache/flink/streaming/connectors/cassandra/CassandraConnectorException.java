package org.apache.flink.streaming.connectors.cassandra;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Root of every error this connector raises, native or Java-side.
 *
 * <p>Native code creates exceptions through {@link #fromNative(String, String)}, which maps the
 * error code of the Rust side to the matching subclass, so one catch clause per kind is enough.
 */
@PublicEvolving
public class CassandraConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure; the names are shared with the Rust error enum. */
    public enum Code {
        CONNECTION,
        AUTH,
        INVALID_QUERY,
        INVALID_VALUE,
        WRITE_TIMEOUT,
        READ_TIMEOUT,
        /** No answer within the client-side request timeout ({@code SocketOptions.setReadTimeoutMillis}). */
        REQUEST_TIMEOUT,
        UNAVAILABLE,
        OVERLOADED,
        CONFIG,
        NATIVE_LIBRARY,
        CLOSED,
        SERVER,
        INTERNAL
    }

    private final Code code;

    public CassandraConnectorException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public CassandraConnectorException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code getCode() {
        return code;
    }

    /** Whether retrying the same request may succeed (the server was busy, not the request bad). */
    public boolean isTransient() {
        switch (code) {
            case WRITE_TIMEOUT:
            case READ_TIMEOUT:
            case REQUEST_TIMEOUT:
            case UNAVAILABLE:
            case OVERLOADED:
            case CONNECTION:
                return true;
            default:
                return false;
        }
    }

    /**
     * Called by the native library (through JNI) to build the exception it throws.
     *
     * @param code the name of a {@link Code}; unknown names become {@link Code#INTERNAL}
     * @param message the Rust-side message, with its context
     */
    public static CassandraConnectorException fromNative(String code, String message) {
        Code parsed;
        try {
            parsed = Code.valueOf(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            parsed = Code.INTERNAL;
        }
        return of(parsed, message);
    }

    /** The exception of the subclass that matches {@code code}. */
    public static CassandraConnectorException of(Code code, String message) {
        switch (code) {
            case CONNECTION:
                return new CassandraConnectionException(message);
            case AUTH:
                return new CassandraAuthenticationException(message);
            case INVALID_QUERY:
                return new CassandraInvalidQueryException(message);
            case INVALID_VALUE:
                return new CassandraInvalidValueException(message);
            case WRITE_TIMEOUT:
            case READ_TIMEOUT:
            case REQUEST_TIMEOUT:
                return new CassandraTimeoutException(code, message);
            case UNAVAILABLE:
                return new CassandraUnavailableException(message);
            case OVERLOADED:
                return new CassandraOverloadedException(message);
            case CONFIG:
                return new CassandraConfigurationException(message);
            case NATIVE_LIBRARY:
                return new CassandraNativeLibraryException(message, null);
            default:
                return new CassandraConnectorException(code, message);
        }
    }
}
