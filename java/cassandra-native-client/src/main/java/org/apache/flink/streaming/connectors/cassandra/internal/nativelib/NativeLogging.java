package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Receives the native core's log records (called from Rust through JNI) and passes them to SLF4J.
 * A Rust target such as {@code cassandra_flink_native::write} becomes the logger
 * {@code cassandra_flink_native.write}, so the usual logger hierarchy configures it.
 *
 * <p>Internal.
 */
@Internal
public final class NativeLogging {
    /** Loggers whose levels decide what the native side sends at all. */
    static final String[] NATIVE_ROOTS = {"cassandra_flink_native", "cdrs_tokio"};

    private static final ConcurrentMap<String, Logger> LOGGERS = new ConcurrentHashMap<>();

    private NativeLogging() {}

    /** Called by native code. Levels: 1 error, 2 warn, 3 info, 4 debug, 5 trace. */
    static void log(int level, String target, String message) {
        Logger logger = LOGGERS.computeIfAbsent(target, t -> LoggerFactory.getLogger(t.replace("::", ".")));
        switch (level) {
            case 1:
                logger.error(message);
                break;
            case 2:
                logger.warn(message);
                break;
            case 3:
                logger.info(message);
                break;
            case 4:
                logger.debug(message);
                break;
            default:
                logger.trace(message);
        }
    }

    /** The most verbose level any native root logger has enabled. */
    static int maxEnabledLevel() {
        int max = 0;
        for (String root : NATIVE_ROOTS) {
            max = Math.max(max, enabledLevel(LoggerFactory.getLogger(root)));
        }
        return max;
    }

    private static int enabledLevel(Logger logger) {
        if (logger.isTraceEnabled()) {
            return 5;
        }
        if (logger.isDebugEnabled()) {
            return 4;
        }
        if (logger.isInfoEnabled()) {
            return 3;
        }
        if (logger.isWarnEnabled()) {
            return 2;
        }
        return logger.isErrorEnabled() ? 1 : 0;
    }

    /** Re-reads the SLF4J levels, e.g. after the logging configuration changed. */
    public static void refreshLevel() {
        NativeLibrary.load();
        NativeLibrary.initLogging(maxEnabledLevel());
    }
}
