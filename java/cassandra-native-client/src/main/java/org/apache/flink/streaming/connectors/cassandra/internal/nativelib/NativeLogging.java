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

    /** Called by native code; levels are {@code NativeContract.LOG_*}. */
    static void log(int level, String target, String message) {
        Logger logger = LOGGERS.computeIfAbsent(target, t -> LoggerFactory.getLogger(t.replace("::", ".")));
        switch (level) {
            case NativeContract.LOG_ERROR:
                logger.error(message);
                break;
            case NativeContract.LOG_WARN:
                logger.warn(message);
                break;
            case NativeContract.LOG_INFO:
                logger.info(message);
                break;
            case NativeContract.LOG_DEBUG:
                logger.debug(message);
                break;
            default:
                logger.trace(message);
        }
    }

    /** The most verbose level any native root logger has enabled. */
    static int maxEnabledLevel() {
        int max = NativeContract.LOG_OFF;
        for (String root : NATIVE_ROOTS) {
            max = Math.max(max, enabledLevel(LoggerFactory.getLogger(root)));
        }
        return max;
    }

    private static int enabledLevel(Logger logger) {
        if (logger.isTraceEnabled()) {
            return NativeContract.LOG_TRACE;
        }
        if (logger.isDebugEnabled()) {
            return NativeContract.LOG_DEBUG;
        }
        if (logger.isInfoEnabled()) {
            return NativeContract.LOG_INFO;
        }
        if (logger.isWarnEnabled()) {
            return NativeContract.LOG_WARN;
        }
        return logger.isErrorEnabled() ? NativeContract.LOG_ERROR : NativeContract.LOG_OFF;
    }

    /** Re-reads the SLF4J levels, e.g. after the logging configuration changed. */
    public static void refreshLevel() {
        NativeLibrary.load();
        NativeLibrary.initLogging(maxEnabledLevel());
    }
}
