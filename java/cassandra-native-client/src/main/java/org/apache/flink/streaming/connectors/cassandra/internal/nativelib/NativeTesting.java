package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

/**
 * Deliberate native failures and log records, for the tests that prove errors and panics
 * arrive as Java exceptions and native logs reach SLF4J. Internal; not for production use.
 */
public final class NativeTesting {
    private NativeTesting() {}

    static {
        NativeLibrary.load();
    }

    /** Returns an error of kind {@code code} from native code; always throws. */
    public static native int raiseError(String code, String message);

    /** Panics in native code with {@code message}; always throws. */
    public static native int panic(String message);

    /** Emits a native log record at {@code level}, optionally from a fresh native thread. */
    public static native void log(int level, String message, boolean fromNativeThread);

    /**
     * Parses a {@code RowBuffer} (a direct buffer, {@code length} bytes) natively as a writer's
     * submit does, without sending; returns the row count. For the JMH benchmark in bench/jmh.
     */
    public static native int parseRows(java.nio.ByteBuffer rows, int length);
}
