//! The JNI edge. Every exported function runs its body through [`guard`], which turns an
//! `Err` or a panic into a pending Java exception of the `CassandraConnectorException`
//! hierarchy and returns a default value: nothing unwinds into the JVM, nothing aborts it.
//!
//! One submodule per Java class with native methods; each only converts and delegates.

pub mod committer;
pub mod completion;
pub mod library;
pub mod logging;
pub mod session;
pub mod statement;
pub mod writer;

use crate::error::{Error, Result};
use cdrs_tokio::consistency::Consistency;
use jni::objects::{JByteBuffer, JObject, JString, JThrowable, JValue};
use jni::sys::{jint, JNI_VERSION_1_8};
use jni::{JNIEnv, JavaVM};
use std::any::Any;
use std::os::raw::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

const EXCEPTION_CLASS: &str =
    "org/apache/flink/streaming/connectors/cassandra/CassandraConnectorException";
const FROM_NATIVE_SIG: &str =
    "(Ljava/lang/String;Ljava/lang/String;)Lorg/apache/flink/streaming/connectors/cassandra/CassandraConnectorException;";

/// Called by the JVM when the library is loaded.
#[no_mangle]
pub extern "system" fn JNI_OnLoad(vm: JavaVM, _reserved: *mut c_void) -> jint {
    logging::set_vm(vm);
    crate::logging::install_panic_hook();
    JNI_VERSION_1_8
}

/// Called by the JVM when the classloader that loaded the library is collected. Nothing native
/// is alive by then (every handle keeps its class, and so its loader, reachable); releasing the
/// log forwarder here is a backstop, the end of the last runtime has released it already.
#[no_mangle]
pub extern "system" fn JNI_OnUnload(_vm: JavaVM, _reserved: *mut c_void) {
    logging::release_forwarder();
}

/// Runs `body`; on error or panic throws the matching Java exception and returns `default`.
pub fn guard<'local, T>(
    env: &mut JNIEnv<'local>,
    default: T,
    body: impl FnOnce(&mut JNIEnv<'local>) -> Result<T>,
) -> T {
    match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            throw(env, &error);
            default
        }
        Err(panic) => {
            throw(
                env,
                &Error::Internal(format!("native panic: {}", panic_message(&panic))),
            );
            default
        }
    }
}

fn panic_message(panic: &Box<dyn Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Throws `error` as a `CassandraConnectorException`. An exception already pending (raised by
/// a Java call inside the body) is the real cause: it is converted into our hierarchy with the
/// Java exception kept as the cause.
fn throw(env: &mut JNIEnv<'_>, error: &Error) {
    let pending = if env.exception_check().unwrap_or(false) {
        let cause = env.exception_occurred().ok();
        let _ = env.exception_clear();
        cause
    } else {
        None
    };
    if let Err(e) = throw_connector_exception(env, error, pending) {
        // Our class could not be built (should not happen): fall back to a JDK exception.
        if env.exception_check().unwrap_or(false) {
            let _ = env.exception_clear();
        }
        let message = format!("{error} (while raising it: {e})");
        if env
            .throw_new("java/lang/IllegalStateException", message)
            .is_err()
        {
            env.fatal_error("cannot throw a Java exception from native code");
        }
    }
}

fn throw_connector_exception(
    env: &mut JNIEnv<'_>,
    error: &Error,
    cause: Option<JThrowable<'_>>,
) -> jni::errors::Result<()> {
    let code = env.new_string(crate::wire::code(error))?;
    let message = env.new_string(error.message())?;
    let exception = env
        .call_static_method(
            EXCEPTION_CLASS,
            "fromNative",
            FROM_NATIVE_SIG,
            &[JValue::Object(&code), JValue::Object(&message)],
        )?
        .l()?;
    if let Some(cause) = cause {
        env.call_method(
            &exception,
            "initCause",
            "(Ljava/lang/Throwable;)Ljava/lang/Throwable;",
            &[JValue::Object(&cause)],
        )?;
    }
    env.throw(JThrowable::from(exception))
}

/// A Java string argument, which must not be null.
pub fn string_arg(env: &mut JNIEnv<'_>, value: &JString<'_>, name: &str) -> Result<String> {
    if value.is_null() {
        return Err(Error::Config(format!("{name} must not be null")));
    }
    Ok(env.get_string(value)?.into())
}

/// A consistency level passed by its CQL name.
pub fn consistency_arg(env: &mut JNIEnv<'_>, name: &JString<'_>) -> Result<Consistency> {
    crate::consistency::parse_consistency(&string_arg(env, name, "consistency")?)
}

/// A Java string argument that may be null.
pub fn optional_string_arg(env: &mut JNIEnv<'_>, value: &JString<'_>) -> Result<Option<String>> {
    if value.is_null() {
        return Ok(None);
    }
    Ok(Some(env.get_string(value)?.into()))
}

/// The first `length` bytes of a direct buffer, borrowed for the duration of the call.
pub fn direct_bytes<'a>(
    env: &mut JNIEnv<'_>,
    buffer: &'a JByteBuffer<'_>,
    length: jint,
) -> Result<&'a [u8]> {
    let length = usize::try_from(length)
        .map_err(|_| Error::Config(format!("negative buffer length {length}")))?;
    let address = env
        .get_direct_buffer_address(buffer)
        .map_err(|e| Error::Config(format!("the row buffer must be a direct ByteBuffer: {e}")))?;
    let capacity = env.get_direct_buffer_capacity(buffer)?;
    if length > capacity {
        return Err(Error::Config(format!(
            "buffer length {length} exceeds its capacity {capacity}"
        )));
    }
    // SAFETY: the address and capacity come from the JVM for a live direct buffer that the Java
    // caller keeps reachable (it is an argument) for the whole call; we read `length <= capacity`
    // bytes and copy what we keep before returning.
    Ok(unsafe { std::slice::from_raw_parts(address, length) })
}

/// A `byte[]` holding `bytes`.
pub fn byte_array<'local>(env: &mut JNIEnv<'local>, bytes: &[u8]) -> Result<JObject<'local>> {
    Ok(env.byte_array_from_slice(bytes)?.into())
}

/// Frees the object behind a handle created by `Box::into_raw`; 0 is ignored.
///
/// # Safety
/// `handle` must come from `Box::<T>::into_raw` and be released only once, with no call inside
/// it: Java's `NativeHandle` guarantees this (it releases once, after the last call returns).
pub unsafe fn release_boxed<T>(handle: i64) {
    if handle != 0 {
        // SAFETY: see the function's contract.
        drop(unsafe { Box::from_raw(handle as *mut T) });
    }
}

/// Borrows the object behind a handle created by `Box::into_raw`.
///
/// # Safety
/// `handle` must come from `Box::<T>::into_raw` and not have been released. Java guarantees this:
/// every native call holds a use of its `NativeHandle`, which defers the release until the last
/// use ends.
pub unsafe fn borrow<'a, T>(handle: i64, what: &str) -> Result<&'a T> {
    if handle == 0 {
        return Err(Error::Closed(format!("the {what} is closed")));
    }
    // SAFETY: see the function's contract.
    Ok(unsafe { &*(handle as *const T) })
}
