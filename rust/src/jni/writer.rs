//! Exports of `internal.session.NativeWriter`: the bounded, retrying write pipeline.

use super::statement::statement_ref;
use super::{borrow, direct_bytes, guard, string_arg};
use crate::error::{Error, Result};
use crate::registry::SessionHandle;
use crate::write::{Timestamps, Writer, WriterConfig};
use jni::objects::{JByteBuffer, JClass, JLongArray, JString};
use jni::sys::{jint, jlong};
use jni::JNIEnv;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Marks "no explicit write timestamp" in `submit`.
const NO_TIMESTAMP: jlong = jlong::MIN;

pub struct WriterHandle {
    writer: Writer,
    session: Arc<SessionHandle>,
}

/// # Safety
/// `handle` must be a live handle returned by `create`.
unsafe fn writer_ref<'a>(handle: jlong) -> Result<&'a WriterHandle> {
    // SAFETY: forwarded contract.
    unsafe { borrow::<WriterHandle>(handle, "writer") }
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
            statement.session.session.clone(),
            statement.statement.clone(),
            config,
        )?;
        let owned = Box::new(WriterHandle {
            writer,
            session: statement.session.clone(),
        });
        Ok(Box::into_raw(owned) as jlong)
    })
}

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
) -> jint {
    guard(&mut env, -1, |env| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { writer_ref(handle)? };
        let bytes = direct_bytes(env, &rows, length)?;
        let parsed = crate::wire::parse_rows(bytes)?;
        let timestamps = if timestamp_micros == NO_TIMESTAMP {
            Timestamps::Server
        } else {
            Timestamps::Explicit {
                first: timestamp_micros,
                step: timestamp_step,
            }
        };
        let accepted =
            writer
                .writer
                .submit(&writer.session.runtime, parsed, timestamps, bytes.len())?;
        jint::try_from(accepted).map_err(|_| Error::Internal("row count overflow".into()))
    })
}

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
        let writer = unsafe { writer_ref(handle)? };
        writer.writer.raise_failures()
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeWriter_flush<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    guard(&mut env, (), |_| {
        // SAFETY: Java passes its live writer handle.
        let writer = unsafe { writer_ref(handle)? };
        writer.writer.flush(&writer.session.runtime)
    })
}

/// Fills `out` with: rows sent, batches submitted, bytes submitted, retries, failures,
/// in flight, total latency (µs), max latency (µs).
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
        let writer = unsafe { writer_ref(handle)? };
        let m = &writer.writer.metrics;
        let values = [
            m.rows_sent.load(Ordering::Relaxed),
            m.batches_submitted.load(Ordering::Relaxed),
            m.bytes_submitted.load(Ordering::Relaxed),
            m.retries.load(Ordering::Relaxed),
            m.failures.load(Ordering::Relaxed),
            writer.writer.in_flight() as u64,
            m.latency_micros_total.load(Ordering::Relaxed),
            m.latency_micros_max.load(Ordering::Relaxed),
        ]
        .map(|v| v.min(i64::MAX as u64) as i64);
        let length = usize::try_from(env.get_array_length(&out)?).unwrap_or(0);
        let n = length.min(values.len());
        env.set_long_array_region(&out, 0, &values[..n])?;
        Ok(())
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
