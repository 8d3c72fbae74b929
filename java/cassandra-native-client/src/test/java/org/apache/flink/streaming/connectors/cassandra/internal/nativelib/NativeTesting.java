package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Deliberate native failures, log records and row parsing, for the tests that prove errors and
 * panics arrive as Java exceptions and native logs reach SLF4J, and for the JMH benchmark in
 * bench/jmh (through the client's test jar). Test-only: its functions live in a separate library,
 * {@code cassandra_flink_native_testing} (crate rust/testing), which the client module's build
 * puts on the test classpath at {@code /native-testing/<os>-<arch>/}; the shipped library and
 * jar hold none of this.
 */
public final class NativeTesting {
    private static final String BASE_NAME = "cassandra_flink_native_testing";

    private NativeTesting() {}

    static {
        NativeLibrary.load();
        String file = System.mapLibraryName(BASE_NAME);
        String resource = "/native-testing/" + NativeLibrary.platform() + "/" + file;
        try (InputStream in = NativeTesting.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the test library " + resource
                        + " is not on the classpath (the client module builds it in process-test-resources)");
            }
            Path copy = NativeLibrary.privateCopy(in, file);
            try {
                System.load(copy.toString());
            } finally {
                NativeLibrary.deletePrivateCopy(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        init(NativeLogging.maxEnabledLevel());
    }

    /** Returns an error of kind {@code code} from native code; always throws. */
    public static native int raiseError(String code, String message);

    /** Panics in native code with {@code message}; always throws. */
    public static native int panic(String message);

    /** Emits a native log record at {@code level}, optionally from a fresh native thread. */
    public static void log(int level, String message, boolean fromNativeThread) {
        // The test library has its own copy of the level filter: follow the current SLF4J levels.
        init(NativeLogging.maxEnabledLevel());
        emitLog(level, message, fromNativeThread);
    }

    /**
     * Parses a {@code RowBuffer} (a direct buffer, {@code length} bytes) natively as a writer's
     * submit does, without sending; returns the row count. For the JMH benchmark in bench/jmh.
     */
    public static native int parseRows(ByteBuffer rows, int length);

    /**
     * Parses a settings document as the shipped library does ({@code kind} "connection" or
     * "writer"); throws what it would throw.
     */
    public static native void parseSettings(String kind, String json);

    private static native void init(int maxLevel);

    private static native void emitLog(int level, String message, boolean fromNativeThread);
}
