//! Exports of `internal.session.NativeSession`. A session handle is an `Arc<SessionHandle>`
//! turned into a raw pointer; equal settings share one session (see `registry`).

use super::{borrow, byte_array, consistency_arg, guard, optional_string_arg, string_arg};
use crate::error::Result;
use crate::read::{fetch_query_page, PageRequest};
use crate::registry::{self, SessionHandle};
use jni::objects::{JByteArray, JClass, JString};
use jni::sys::{jint, jlong, jobject};
use jni::JNIEnv;
use std::sync::Arc;

/// Borrows the session behind a handle.
///
/// # Safety
/// `handle` must be a live handle returned by `open`.
pub unsafe fn session_ref<'a>(handle: jlong) -> Result<&'a SessionHandle> {
    // SAFETY: forwarded contract.
    unsafe { borrow::<SessionHandle>(handle, "session") }
}

/// A new strong reference to the session behind a handle (for statements and writers).
///
/// # Safety
/// `handle` must be a live handle returned by `open`.
pub unsafe fn session_arc(handle: jlong) -> Result<Arc<SessionHandle>> {
    // SAFETY: `session_ref` checks for a closed handle; the pointer came from `Arc::into_raw`,
    // so incrementing the count and rebuilding an Arc yields one extra, owned reference.
    unsafe {
        session_ref(handle)?;
        Arc::increment_strong_count(handle as *const SessionHandle);
        Ok(Arc::from_raw(handle as *const SessionHandle))
    }
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeSession_open<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    settings: JString<'l>,
) -> jlong {
    guard(&mut env, 0, |env| {
        let settings = string_arg(env, &settings, "settings")?;
        // Before connecting, so that its records reach Java; again after, in case the end of a
        // previous runtime released the forwarder meanwhile (see `logging`).
        super::logging::attach_forwarder(env)?;
        let handle = registry::open(&settings)?;
        super::logging::attach_forwarder(env)?;
        Ok(Arc::into_raw(handle) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeSession_release<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    guard(&mut env, (), |_| {
        if handle != 0 {
            // SAFETY: Java releases each handle exactly once, after its last call (NativeHandle).
            drop(unsafe { Arc::from_raw(handle as *const SessionHandle) });
        }
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeSession_liveSessions<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jint {
    guard(&mut env, 0, |_| Ok(registry::live_sessions() as jint))
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeSession_prepare<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    query: JString<'l>,
    keyspace: JString<'l>,
) -> jlong {
    guard(&mut env, 0, |env| {
        let query = string_arg(env, &query, "query")?;
        let keyspace = optional_string_arg(env, &keyspace)?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_arc(handle)? };
        let statement = session
            .runtime
            .block_on(session.session.prepare(&query, keyspace.as_deref()))?;
        let owned = Box::new(super::statement::StatementHandle { session, statement });
        Ok(Box::into_raw(owned) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeSession_query<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    cql: JString<'l>,
    consistency: JString<'l>,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let cql = string_arg(env, &cql, "cql")?;
        let consistency = consistency_arg(env, &consistency)?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(handle)? };
        let rows = session
            .runtime
            .block_on(session.session.query(&cql, consistency))?;
        Ok(byte_array(env, &crate::wire::encode_result(&rows))?.into_raw())
    })
}

/// Runs an unprepared CQL string for one page of `page_size` rows, continuing from
/// `paging_state` (null: the first page); the result layout of `NativeStatement.executePage`.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeSession_queryPage<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    cql: JString<'l>,
    consistency: JString<'l>,
    page_size: jint,
    paging_state: JByteArray<'l>,
) -> jobject {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let cql = string_arg(env, &cql, "cql")?;
        let consistency = consistency_arg(env, &consistency)?;
        let paging_state = if paging_state.is_null() {
            None
        } else {
            Some(env.convert_byte_array(&paging_state)?)
        };
        let request = PageRequest::new(Vec::new(), consistency, page_size, paging_state)?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(handle)? };
        let page = session
            .runtime
            .block_on(fetch_query_page(&session.session, &cql, request))?;
        Ok(byte_array(env, &crate::wire::encode_result(&page))?.into_raw())
    })
}
