//! Exports of `internal.session.NativeStatement`: a prepared statement bound to its session.

use super::{borrow, byte_array, direct_bytes, guard, string_arg};
use crate::error::Result;
use crate::read::{fetch_page, PageRequest};
use crate::registry::SessionHandle;
use crate::session::rows_of;
use crate::statements::Statement;
use crate::write::parse_consistency;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use jni::objects::{JByteArray, JByteBuffer, JClass, JString};
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
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(handle)? };
        let consistency = parse_consistency(&string_arg(env, &consistency, "consistency")?)?;
        let rows = crate::wire::parse_rows(direct_bytes(env, &rows, length)?)?;
        let session = &statement.session;
        let result = session.runtime.block_on(async {
            let mut last = None;
            for row in rows {
                let params = StatementParams {
                    query_params: QueryParams {
                        consistency,
                        values: Some(QueryValues::SimpleValues(row)),
                        ..QueryParams::default()
                    },
                    ..StatementParams::default()
                };
                let envelope = session
                    .session
                    .execute(&statement.statement, &params)
                    .await
                    .map_err(|e| e.context(format!("executing '{}'", statement.statement.query)))?;
                last = Some(rows_of(&envelope)?);
            }
            Result::Ok(last)
        })?;
        let encoded = result
            .map(|rows| crate::wire::encode_result(&rows))
            .unwrap_or_default();
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
        // SAFETY: Java passes its live statement handle.
        let statement = unsafe { statement_ref(handle)? };
        let consistency = parse_consistency(&string_arg(env, &consistency, "consistency")?)?;
        let mut rows = crate::wire::parse_rows(direct_bytes(env, &rows, length)?)?;
        if rows.len() != 1 {
            return Err(crate::error::Error::Config(format!(
                "a page is read for exactly one row of bind values, got {}",
                rows.len()
            )));
        }
        let values = rows.pop().unwrap_or_default();
        let paging_state = if paging_state.is_null() {
            None
        } else {
            Some(env.convert_byte_array(&paging_state)?)
        };
        let request = PageRequest::new(values, consistency, page_size, paging_state)?;
        let session = &statement.session;
        let page = session.runtime.block_on(fetch_page(
            &session.session,
            &statement.statement,
            request,
        ))?;
        Ok(byte_array(env, &crate::wire::encode_result(&page))?.into_raw())
    })
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
