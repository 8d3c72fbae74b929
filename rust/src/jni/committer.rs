//! Exports of `internal.session.NativeCommitter`: a handle to one sink's rows in its checkpoint
//! table, with the table's statements prepared once at `open`.

use super::session::{session_arc, session_ref};
use super::{borrow, guard, string_arg};
use crate::committer::{CheckpointTable, Committer};
use crate::error::{Error, Result};
use crate::registry::SessionHandle;
use jni::objects::{JClass, JLongArray, JString};
use jni::sys::{jint, jlong, jlongArray};
use jni::JNIEnv;
use std::sync::Arc;

pub struct CommitterHandle {
    committer: Committer,
    sink_id: String,
    session: Arc<SessionHandle>,
}

impl CommitterHandle {
    fn block_on<T>(&self, call: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        self.session.runtime.block_on(call)
    }
}

/// # Safety
/// `handle` must be a live handle returned by `open`.
unsafe fn committer_ref<'a>(handle: jlong) -> Result<&'a CommitterHandle> {
    // SAFETY: forwarded contract.
    unsafe { borrow::<CommitterHandle>(handle, "checkpoint committer") }
}

/// The checkpoint table named by two Java string arguments.
fn table_arg(
    env: &mut JNIEnv<'_>,
    keyspace: &JString<'_>,
    table: &JString<'_>,
) -> Result<CheckpointTable> {
    CheckpointTable::new(
        &string_arg(env, keyspace, "keyspace")?,
        &string_arg(env, table, "table")?,
    )
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_createResource<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    session: jlong,
    keyspace: JString<'l>,
    table: JString<'l>,
    replication: JString<'l>,
) {
    guard(&mut env, (), |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let replication = string_arg(env, &replication, "replication")?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(session)? };
        session
            .runtime
            .block_on(table.create(&session.session, &replication))
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_open<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    session: jlong,
    keyspace: JString<'l>,
    table: JString<'l>,
    replication: JString<'l>,
    sink_id: JString<'l>,
) -> jlong {
    guard(&mut env, 0, |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let replication = string_arg(env, &replication, "replication")?;
        let sink_id = string_arg(env, &sink_id, "sinkId")?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_arc(session)? };
        let committer = session
            .runtime
            .block_on(table.open(&session.session, &replication))?;
        let owned = Box::new(CommitterHandle {
            committer,
            sink_id,
            session,
        });
        Ok(Box::into_raw(owned) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_commit<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    sub_id: jint,
    checkpoint_id: jlong,
    last: jlong,
) {
    guard(&mut env, (), |_| {
        // SAFETY: Java passes its live committer handle.
        let h = unsafe { committer_ref(handle)? };
        h.block_on(
            h.committer
                .commit(&h.session.session, &h.sink_id, sub_id, checkpoint_id, last),
        )
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_forget<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    sub_id: jint,
    checkpoint_ids: JLongArray<'l>,
) {
    guard(&mut env, (), |env| {
        if checkpoint_ids.is_null() {
            return Err(Error::Config("checkpointIds must not be null".into()));
        }
        let length = usize::try_from(env.get_array_length(&checkpoint_ids)?).unwrap_or(0);
        let mut ids = vec![0i64; length];
        env.get_long_array_region(&checkpoint_ids, 0, &mut ids)?;
        // SAFETY: Java passes its live committer handle.
        let h = unsafe { committer_ref(handle)? };
        h.block_on(
            h.committer
                .forget(&h.session.session, &h.sink_id, sub_id, &ids),
        )
    })
}

/// What the table records for the subtask: `[last or -1, 1 if the committed set exists else 0,
/// committed ids...]`.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_commits<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    sub_id: jint,
) -> jlongArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        // SAFETY: Java passes its live committer handle.
        let h = unsafe { committer_ref(handle)? };
        let commits = h.block_on(h.committer.commits(&h.session.session, &h.sink_id, sub_id))?;
        let mut values = vec![
            commits.last.unwrap_or(-1),
            i64::from(commits.committed.is_some()),
        ];
        values.extend(commits.committed.unwrap_or_default());
        let length = i32::try_from(values.len())
            .map_err(|_| Error::Internal(format!("{} committed ids", values.len())))?;
        let out = env.new_long_array(length)?;
        env.set_long_array_region(&out, 0, &values)?;
        Ok(out.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_release<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    // SAFETY: Java releases each handle exactly once (NativeHandle's atomic release).
    guard(&mut env, (), |_| {
        unsafe { super::release_boxed::<CommitterHandle>(handle) };
        Ok(())
    })
}
