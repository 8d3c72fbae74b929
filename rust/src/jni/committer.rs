//! Exports of `internal.session.NativeCommitter`: checkpoint-table bookkeeping on a session.

use super::session::session_ref;
use super::{guard, string_arg};
use crate::committer::CheckpointTable;
use crate::error::{Error, Result};
use jni::objects::{JClass, JLongArray, JString};
use jni::sys::{jint, jlong, jlongArray};
use jni::JNIEnv;

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
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_commit<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    session: jlong,
    keyspace: JString<'l>,
    table: JString<'l>,
    sink_id: JString<'l>,
    sub_id: jint,
    checkpoint_id: jlong,
    last: jlong,
) {
    guard(&mut env, (), |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let sink_id = string_arg(env, &sink_id, "sinkId")?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(session)? };
        session.runtime.block_on(table.commit(
            &session.session,
            &sink_id,
            sub_id,
            checkpoint_id,
            last,
        ))
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_forget<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    session: jlong,
    keyspace: JString<'l>,
    table: JString<'l>,
    sink_id: JString<'l>,
    sub_id: jint,
    checkpoint_ids: JLongArray<'l>,
) {
    guard(&mut env, (), |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let sink_id = string_arg(env, &sink_id, "sinkId")?;
        if checkpoint_ids.is_null() {
            return Err(Error::Config("checkpointIds must not be null".into()));
        }
        let length = usize::try_from(env.get_array_length(&checkpoint_ids)?).unwrap_or(0);
        let mut ids = vec![0i64; length];
        env.get_long_array_region(&checkpoint_ids, 0, &mut ids)?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(session)? };
        session
            .runtime
            .block_on(table.forget(&session.session, &sink_id, sub_id, &ids))
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
    session: jlong,
    keyspace: JString<'l>,
    table: JString<'l>,
    sink_id: JString<'l>,
    sub_id: jint,
) -> jlongArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let sink_id = string_arg(env, &sink_id, "sinkId")?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(session)? };
        let commits =
            session
                .runtime
                .block_on(table.commits(&session.session, &sink_id, sub_id))?;
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
