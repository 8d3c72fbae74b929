//! Exports of `internal.session.NativeWriter`: the bounded, retrying write pipeline. One call per
//! batch on the hot path: `submit` queues the batch (or says earlier writes failed) and fills the
//! caller's metrics array.

use super::statement::statement_ref;
use super::{borrow, direct_bytes, guard, string_arg};
use crate::error::{Error, Result};
use crate::registry::SessionHandle;
use crate::wire::{
    CLIENT_TIMESTAMP, FAILURES_PENDING, FLUSH_DONE, FLUSH_FAILURES_PENDING, FLUSH_PENDING,
    FLUSH_TIMED_OUT, QUEUE_FULL, SERVER_TIMESTAMP,
};
use crate::write::{Flushed, Submitted, Timestamps, Writer, WriterSettings};
use jni::objects::{JByteBuffer, JClass, JLongArray, JString};
use jni::sys::{jint, jlong};
use jni::JNIEnv;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

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
        let config = WriterSettings::from_json(&string_arg(env, &config, "config")?)?;
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

/// Returns `FLUSH_DONE` when every write completed, `FLUSH_PENDING` when writes are still pending
/// after `wait_millis`, `FLUSH_TIMED_OUT`, or `FLUSH_FAILURES_PENDING` when every write completed
/// and failures wait for `raiseFailures` (see `wire`).
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
            Flushed::Done => FLUSH_DONE,
            Flushed::Pending => FLUSH_PENDING,
            Flushed::TimedOut => FLUSH_TIMED_OUT,
            Flushed::FailuresPending => FLUSH_FAILURES_PENDING,
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
