//! Exports of `internal.session.NativeWriter`: the bounded, retrying write pipeline. One call per
//! batch on the hot path: `submit` queues the batch (or says earlier writes failed) and fills the
//! caller's metrics array.

use super::statement::statement_ref;
use super::{borrow, direct_bytes, guard, string_arg};
use crate::error::{Error, Result};
use crate::registry::SessionHandle;
use crate::write::{Flushed, Submitted, Timestamps, Writer, WriterConfig};
use jni::objects::{JByteBuffer, JClass, JLongArray, JString};
use jni::sys::{jint, jlong};
use jni::JNIEnv;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Marks "the server assigns the write time" in `submit`.
const SERVER_TIMESTAMP: jlong = jlong::MIN;
/// Marks "each row gets the next client-side monotonic timestamp" in `submit`.
const CLIENT_TIMESTAMP: jlong = jlong::MIN + 1;
/// `submit`'s answer when the queue stayed full for the whole wait.
const QUEUE_FULL: jint = -1;
/// `submit`'s answer when earlier writes failed: call `raiseFailures`, then submit again.
const FAILURES_PENDING: jint = -2;

pub struct WriterHandle {
    writer: Writer,
    // Keeps the session (and its runtime) alive while the writer's task runs; dropped after it.
    _session: Arc<SessionHandle>,
}

/// # Safety
/// `handle` must be a live handle returned by `create`.
unsafe fn writer_ref<'a>(handle: jlong) -> Result<&'a WriterHandle> {
    // SAFETY: forwarded contract.
    unsafe { borrow::<WriterHandle>(handle, "writer") }
}

fn wait_arg(millis: jint) -> Duration {
    Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

/// Copies the writer's counters into `out` (as many as fit).
fn fill_metrics(env: &mut JNIEnv<'_>, writer: &Writer, out: &JLongArray<'_>) -> Result<()> {
    let values = writer
        .metrics
        .snapshot()
        .map(|v| v.min(i64::MAX as u64) as i64);
    let length = usize::try_from(env.get_array_length(out)?).unwrap_or(0);
    env.set_long_array_region(out, 0, &values[..length.min(values.len())])?;
    Ok(())
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_create<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    statement: jlong,
    config: JString<'l>,
) -> jlong {
    guard(&mut env, 0, |env| {
        let config = WriterConfig::from_json(&string_arg(env, &config, "config")?)?;
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(statement)? };
        let writer = Writer::new(
            statement.session.runtime.handle(),
            statement.session.session.clone(),
            statement.statement.clone(),
            config,
        )?;
        let owned = Box::new(WriterHandle {
            writer,
            _session: statement.session.clone(),
        });
        Ok(Box::into_raw(owned) as jlong)
    })
}

/// Returns the rows queued, `QUEUE_FULL` when no room came up within `wait_millis`, or
/// `FAILURES_PENDING` (the batch is then not taken either).
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_submit<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    rows: JByteBuffer<'l>,
    length: jint,
    timestamp_micros: jlong,
    timestamp_step: jlong,
    metrics: JLongArray<'l>,
    wait_millis: jint,
) -> jint {
    guard(&mut env, -1, |env| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { &writer_ref(handle)?.writer };
        let timestamps = match timestamp_micros {
            SERVER_TIMESTAMP => Timestamps::Server,
            CLIENT_TIMESTAMP => Timestamps::Client,
            first => Timestamps::Explicit {
                first,
                step: timestamp_step,
            },
        };
        let bytes = direct_bytes(env, &rows, length)?;
        let outcome = writer.submit(
            wait_arg(wait_millis),
            || crate::wire::parse_rows(bytes),
            timestamps,
        );
        fill_metrics(env, writer, &metrics)?;
        match outcome? {
            Submitted::Accepted(count) => {
                jint::try_from(count).map_err(|_| Error::Internal("row count overflow".into()))
            }
            Submitted::Full => Ok(QUEUE_FULL),
            Submitted::FailuresPending => Ok(FAILURES_PENDING),
        }
    })
}

/// Returns 0 when every write completed, 1 when writes are still pending after `wait_millis`, 2
/// when the flush timed out, 3 when every write completed and failures wait for `raiseFailures`.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_flush<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    metrics: JLongArray<'l>,
    wait_millis: jint,
) -> jint {
    guard(&mut env, -1, |env| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { &writer_ref(handle)?.writer };
        let outcome = writer.flush(wait_arg(wait_millis));
        fill_metrics(env, writer, &metrics)?;
        Ok(match outcome? {
            Flushed::Done => 0,
            Flushed::Pending => 1,
            Flushed::TimedOut => 2,
            Flushed::FailuresPending => 3,
        })
    })
}

/// Throws the oldest kind of failure not yet reported (with its count), if any; off the hot path.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_raiseFailures<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    guard(&mut env, (), |_| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { &writer_ref(handle)?.writer };
        writer.raise_failures()
    })
}

/// Fills `out` with the counters (order: `write::WriterMetrics::snapshot`), for metric reporters.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_metrics<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    out: JLongArray<'l>,
) {
    guard(&mut env, (), |env| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { &writer_ref(handle)?.writer };
        fill_metrics(env, writer, &out)
    })
}

/// Fills `out` with the request latency histogram (see `write::latency_bucket`).
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_latencyBuckets<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    out: JLongArray<'l>,
) {
    guard(&mut env, (), |env| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { writer_ref(handle)? };
        let values: Vec<i64> = writer
            .writer
            .metrics
            .latency_buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed).min(i64::MAX as u64) as i64)
            .collect();
        let length = usize::try_from(env.get_array_length(&out)?).unwrap_or(0);
        env.set_long_array_region(&out, 0, &values[..length.min(values.len())])?;
        Ok(())
    })
}

/// Frees the writer: its driving task is aborted with every queued, in-flight and retrying write.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_release<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    // SAFETY: Java releases each handle exactly once (NativeHandle's atomic release).
    guard(&mut env, (), |_| {
        unsafe { super::release_boxed::<WriterHandle>(handle) };
        Ok(())
    })
}
