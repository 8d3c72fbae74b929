//! Exports of `internal.session.NativeCommitter`: checkpoint-table bookkeeping on a session.

use super::session::session_ref;
use super::{guard, string_arg};
use crate::committer::CheckpointTable;
use crate::error::Result;
use jni::objects::{JClass, JString};
use jni::sys::{jint, jlong};
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
) {
    guard(&mut env, (), |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let sink_id = string_arg(env, &sink_id, "sinkId")?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(session)? };
        session
            .runtime
            .block_on(table.commit(&session.session, &sink_id, sub_id, checkpoint_id))
    })
}

/// The last committed checkpoint of the subtask, or -1 when none is recorded.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_session_NativeCommitter_lastCommitted<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    session: jlong,
    keyspace: JString<'l>,
    table: JString<'l>,
    sink_id: JString<'l>,
    sub_id: jint,
) -> jlong {
    guard(&mut env, -1, |env| {
        let table = table_arg(env, &keyspace, &table)?;
        let sink_id = string_arg(env, &sink_id, "sinkId")?;
        // SAFETY: Java passes its live session handle.
        let session = unsafe { session_ref(session)? };
        let last =
            session
                .runtime
                .block_on(table.last_committed(&session.session, &sink_id, sub_id))?;
        Ok(last.unwrap_or(-1))
    })
}
