//! Exports of the test-only Java class `internal.nativelib.NativeTesting` (in the client's test
//! sources and test jar): deliberate failures that prove the JNI guard turns native errors and
//! panics into Java exceptions, native log records, and row parsing for the JMH benchmark.
//!
//! A separate library, built only for tests: the shipped library exports none of this. It links
//! its own copy of the connector crate, so `init` wires that copy's logging to the JVM.

use cassandra_flink_native::config::ConnectionSettings;
use cassandra_flink_native::error::Error;
use cassandra_flink_native::jni::logging as jvm_logging;
use cassandra_flink_native::jni::{direct_bytes, guard, string_arg};
use cassandra_flink_native::logging;
use cassandra_flink_native::write::WriterSettings;
use jni::objects::{JByteBuffer, JClass, JString};
use jni::sys::jint;
use jni::JNIEnv;

/// Gives this library's copy of the logging what the shipped one gets from `JNI_OnLoad` and a
/// session's open: the VM, the panic hook, the level and the forwarder.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeTesting_init<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    max_level: jint,
) {
    guard(&mut env, (), |env| {
        jvm_logging::set_vm(env.get_java_vm()?);
        logging::install_panic_hook();
        logging::install(logging::level_filter(max_level));
        jvm_logging::attach_forwarder(env)
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeTesting_raiseError<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    code: JString<'l>,
    message: JString<'l>,
) -> jint {
    guard(&mut env, -1, |env| {
        let code = string_arg(env, &code, "code")?;
        let message = string_arg(env, &message, "message")?;
        Err(match code.as_str() {
            "CONNECTION" => Error::Connection(message),
            "AUTH" => Error::Auth(message),
            "INVALID_QUERY" => Error::InvalidQuery(message),
            "WRITE_TIMEOUT" => Error::WriteTimeout(message),
            "REQUEST_TIMEOUT" => Error::RequestTimeout(message),
            "UNAVAILABLE" => Error::Unavailable(message),
            "OVERLOADED" => Error::Overloaded(message),
            "CONFIG" => Error::Config(message),
            _ => Error::Internal(message),
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeTesting_panic<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    message: JString<'l>,
) -> jint {
    guard(&mut env, -1, |env| {
        let message = string_arg(env, &message, "message")?;
        panic!("{message}");
    })
}

#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeTesting_emitLog<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    level: jint,
    message: JString<'l>,
    from_native_thread: jni::sys::jboolean,
) {
    guard(&mut env, (), |env| {
        let message = string_arg(env, &message, "message")?;
        let level = match level {
            1 => log::Level::Error,
            2 => log::Level::Warn,
            3 => log::Level::Info,
            4 => log::Level::Debug,
            _ => log::Level::Trace,
        };
        if from_native_thread != 0 {
            std::thread::spawn(move || {
                log::log!(target: "cassandra_flink_native::testing", level, "{message}");
                // A plain native thread attached by the logger must detach before it ends.
                jvm_logging::on_worker_stop();
            })
            .join()
            .map_err(|_| Error::Internal("logging thread panicked".into()))?;
        } else {
            log::log!(target: "cassandra_flink_native::testing", level, "{message}");
        }
        Ok(())
    })
}

/// Parses a `RowBuffer` the way `NativeWriter.submit` does, without sending anything: the JNI
/// crossing plus parsing, for the JMH benchmark in bench/jmh. Returns the number of rows.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeTesting_parseRows<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    rows: JByteBuffer<'l>,
    length: jint,
) -> jint {
    guard(&mut env, -1, |env| {
        let bytes = direct_bytes(env, &rows, length)?;
        let parsed = cassandra_flink_native::wire::parse_rows(bytes)?;
        Ok(parsed.len() as jint)
    })
}

/// Parses a settings document (`kind`: "connection" or "writer") as the shipped library does, so
/// that Java's tests can check the documents its settings classes write.
#[no_mangle]
pub extern "system" fn Java_org_apache_flink_streaming_connectors_cassandra_internal_nativelib_NativeTesting_parseSettings<
    'l,
>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    kind: JString<'l>,
    json: JString<'l>,
) {
    guard(&mut env, (), |env| {
        let kind = string_arg(env, &kind, "kind")?;
        let json = string_arg(env, &json, "json")?;
        match kind.as_str() {
            "connection" => ConnectionSettings::from_json(&json).map(drop),
            "writer" => WriterSettings::from_json(&json).map(drop),
            other => Err(Error::Internal(format!("unknown settings kind '{other}'"))),
        }
    })
}
