//! Exports of `internal.session.NativeStatement`: a prepared statement bound to its session.

use super::completion::Completion;
use super::{borrow, byte_array, consistency_arg, direct_bytes, guard};
use crate::error::Result;
use crate::read::{execute_each, fetch_page, spawn_fetch_all, PageRequest};
use crate::registry::SessionHandle;
use crate::statements::Statement;
use crate::wire::{encode_result, parse_rows};
use jni::objects::{JByteArray, JByteBuffer, JClass, JObject, JString};
use jni::sys::{jint, jlong, jobject};
use jni::JNIEnv;
use std::sync::Arc;

pub struct StatementHandle {
    pub session: Arc<SessionHandle>,
    pub statement: Arc<Statement>,
}

/// # Safety
/// `handle` must be a live handle returned by `NativeSession.prepare`.
pub unsafe fn statement_ref<'a>(handle: jlong) -> Result<&'a StatementHandle> {
    // SAFETY: forwarded contract.
    unsafe { borrow::<StatementHandle>(handle, "prepared statement") }
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeStatement_metadata<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(handle)? };
        Ok(byte_array(env, &statement.statement.metadata)?.into_raw())
    })
}

/// Executes each row of the buffer in turn and returns the result of the last one: for
/// SELECTs and small writes (the write pipeline is `NativeWriter`).
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeStatement_execute<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    rows: JByteBuffer<'l>,
    length: jint,
    consistency: JString<'l>,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let consistency = consistency_arg(env, &consistency)?;
        let rows = parse_rows(direct_bytes(env, &rows, length)?)?;
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(handle)? };
        let session = &statement.session;
        let result = session.runtime.block_on(execute_each(
            &session.session,
            &statement.statement,
            rows,
            consistency,
        ))?;
        let encoded = result.map(|rows| encode_result(&rows)).unwrap_or_default();
        Ok(byte_array(env, &encoded)?.into_raw())
    })
}

/// Executes the single row of the buffer for one page of `page_size` rows, continuing from
/// `paging_state` (null: the first page). Returns the page in the result layout, whose trailing
/// paging state is null after the last page. The read path of sources and input formats.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeStatement_executePage<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    rows: JByteBuffer<'l>,
    length: jint,
    consistency: JString<'l>,
    page_size: jint,
    paging_state: JByteArray<'l>,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let paging_state = if paging_state.is_null() {
            None
        } else {
            Some(env.convert_byte_array(&paging_state)?)
        };
        let request = page_request(env, &rows, length, &consistency, page_size, paging_state)?;
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(handle)? };
        let session = &statement.session;
        let page = session.runtime.block_on(fetch_page(
            &session.session,
            &statement.statement,
            request,
        ))?;
        Ok(byte_array(env, &encode_result(&page))?.into_raw())
    })
}

/// Starts reading every page of the single row of the buffer (a lookup) on the session's runtime
/// and returns at once; the rows (or the error, after up to `max_retries` retries of transient
/// failures) reach `callback` (a `PendingQuery`) on a runtime thread.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeStatement_executeAsync<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    rows: JByteBuffer<'l>,
    length: jint,
    consistency: JString<'l>,
    page_size: jint,
    max_retries: jint,
    callback: JObject<'l>,
) {
    guard(&mut env, (), |env| {
        let request = page_request(env, &rows, length, &consistency, page_size, None)?;
        let max_retries = u32::try_from(max_retries).map_err(|_| {
            crate::error::Error::Config(format!(
                "max retries: must not be negative, got {max_retries}"
            ))
        })?;
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(handle)? };
        // Last: from here on the callback is completed exactly once (an error above is thrown).
        let completion = Completion::new(env, &callback)?;
        spawn_fetch_all(
            statement.session.runtime.handle(),
            statement.session.session.clone(),
            statement.statement.clone(),
            request,
            max_retries,
            move |result| completion.complete(result.map(|rows| encode_result(&rows))),
        );
        Ok(())
    })
}

/// The read request of `executePage` and `executeAsync`: the buffer's single row, its
/// consistency and page size.
fn page_request(
    env: &mut JNIEnv<'_>,
    rows: &JByteBuffer<'_>,
    length: jint,
    consistency: &JString<'_>,
    page_size: jint,
    paging_state: Option<Vec<u8>>,
) -> Result<PageRequest> {
    let consistency = consistency_arg(env, consistency)?;
    let rows = parse_rows(direct_bytes(env, rows, length)?)?;
    PageRequest::of_rows(rows, consistency, page_size, paging_state)
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeStatement_release<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    // SAFETY: Java releases each handle exactly once (NativeHandle's atomic release).
    guard(&mut env, (), |_| {
        unsafe { super::release_boxed::<StatementHandle>(handle) };
        Ok(())
    })
}
