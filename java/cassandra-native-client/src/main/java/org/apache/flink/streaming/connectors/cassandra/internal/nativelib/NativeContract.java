package org.apache.flink.streaming.connectors.cassandra.internal.nativelib;

/**
 * The JNI contract, Java side: every number that native code and Java must agree on. The Rust side
 * declares the same constants in {@code rust/src/wire.rs}; {@code NativeContractTest} compares the
 * two through {@link NativeLibrary#contract()}. Change both together and bump {@link #ABI_VERSION}
 * when a meaning changes, so that a stale library is refused at load time.
 *
 * <p>Error codes cross as the names of {@code CassandraConnectorException.Code}.
 *
 * <p>Internal.
 */
public final class NativeContract {
    /** Must equal the library's {@code wire::ABI_VERSION}; checked right after loading. */
    public static final int ABI_VERSION = 3;

    // Row layout: [u32 rows]{[u16 cols]{[i32 len | NULL | UNSET][bytes]}*}*, big-endian.
    /** Cell length marking a null value. */
    public static final int NULL = -1;
    /** Cell length marking an unset bind value (the column is left untouched). */
    public static final int UNSET = -2;
    /** Paging-state length marking the last page at the end of a query result. */
    public static final int NO_PAGING_STATE = -1;

    // NativeWriter.submit: timestamp argument and answers.
    /** Timestamp argument: the server assigns the write time. */
    public static final long SERVER_TIMESTAMP = Long.MIN_VALUE;
    /** Timestamp argument: each row gets the next client-side monotonic write time. */
    public static final long CLIENT_TIMESTAMP = Long.MIN_VALUE + 1;
    /** The queue stayed full for the whole wait. */
    public static final int QUEUE_FULL = -1;
    /** Earlier writes failed: raise them, then submit again (the batch was not taken). */
    public static final int FAILURES_PENDING = -2;

    // NativeWriter.flush answers.
    public static final int FLUSH_DONE = 0;
    public static final int FLUSH_PENDING = 1;
    public static final int FLUSH_TIMED_OUT = 2;
    public static final int FLUSH_FAILURES_PENDING = 3;

    // The metrics array filled by submit/flush/metrics, by index.
    public static final int METRIC_ROWS_SENT = 0;
    public static final int METRIC_BATCHES_SUBMITTED = 1;
    public static final int METRIC_BYTES_SUBMITTED = 2;
    public static final int METRIC_RETRIES = 3;
    public static final int METRIC_FAILURES = 4;
    public static final int METRIC_IN_FLIGHT = 5;
    public static final int METRIC_LATENCY_MICROS_TOTAL = 6;
    public static final int METRIC_LATENCY_MICROS_MAX = 7;
    public static final int METRIC_HELD_ROWS = 8;
    public static final int METRIC_HELD_BYTES = 9;
    public static final int METRIC_MAX_HELD_ROWS = 10;
    public static final int METRIC_MAX_HELD_BYTES = 11;
    /** Length of the metrics array. */
    public static final int METRIC_FIELDS = 12;
    /** Length of the latency histogram; bucket {@code i} counts requests under 2^i µs. */
    public static final int LATENCY_BUCKETS = 32;

    // Log levels, both ways: initLogging's maximum and each forwarded record's level.
    public static final int LOG_OFF = 0;
    public static final int LOG_ERROR = 1;
    public static final int LOG_WARN = 2;
    public static final int LOG_INFO = 3;
    public static final int LOG_DEBUG = 4;
    public static final int LOG_TRACE = 5;

    private NativeContract() {}
}
