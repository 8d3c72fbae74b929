//! Completes a Java `PendingQuery` from a native thread: the answer of an asynchronous query
//! (`NativeStatement.executeAsync`) reaches Java as a call of its `onResult([B)` or
//! `onFailure(String code, String message)`, made on the runtime thread that finished the query
//! (attached to the JVM once, see `logging::on_worker_start`).

use crate::error::{Error, Result};
use jni::objects::{GlobalRef, JValue};
use jni::JNIEnv;

const ON_RESULT_SIG: &str = "([B)V";
const ON_FAILURE_SIG: &str = "(Ljava/lang/String;Ljava/lang/String;)V";

/// The Java object to complete, called exactly once: with the result, or, when the query's task
/// is dropped unfinished (the runtime shut down), with a `CLOSED` failure.
pub struct Completion {
    callback: Option<GlobalRef>,
}

impl Completion {
    /// Holds `callback` (a global reference, so it outlives the JNI call that passed it).
    pub fn new(env: &mut JNIEnv<'_>, callback: &jni::objects::JObject<'_>) -> Result<Completion> {
        if callback.is_null() {
            return Err(Error::Config(
                "the query's callback must not be null".into(),
            ));
        }
        Ok(Completion {
            callback: Some(env.new_global_ref(callback)?),
        })
    }

    /// Hands `result` (an encoded result, or the error) to Java.
    pub fn complete(mut self, result: Result<Vec<u8>>) {
        if let Some(callback) = self.callback.take() {
            call(&callback, result);
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        if let Some(callback) = self.callback.take() {
            call(
                &callback,
                Err(Error::Closed(
                    "the native runtime shut down before the query completed".into(),
                )),
            );
        }
    }
}

fn call(callback: &GlobalRef, result: Result<Vec<u8>>) {
    let Some(vm) = super::logging::vm() else {
        log::error!("no JVM to hand a query result to");
        return;
    };
    let mut env = match vm.attach_current_thread_as_daemon() {
        Ok(env) => env,
        Err(e) => {
            log::error!("cannot attach to the JVM to hand a query result over: {e}");
            return;
        }
    };
    // This thread may never return to Java: free the local references of each call.
    let outcome = env.with_local_frame(4, |env| -> jni::errors::Result<()> {
        match &result {
            Ok(bytes) => {
                let array = env.byte_array_from_slice(bytes)?;
                env.call_method(
                    callback.as_obj(),
                    "onResult",
                    ON_RESULT_SIG,
                    &[JValue::Object(&array)],
                )?;
            }
            Err(error) => {
                let code = env.new_string(crate::wire::code(error))?;
                let message = env.new_string(error.message())?;
                env.call_method(
                    callback.as_obj(),
                    "onFailure",
                    ON_FAILURE_SIG,
                    &[JValue::Object(&code), JValue::Object(&message)],
                )?;
            }
        }
        Ok(())
    });
    if let Err(e) = outcome {
        // The callback threw (or could not be called): it must not stay pending on this thread.
        if env.exception_check().unwrap_or(false) {
            let _ = env.exception_describe();
            let _ = env.exception_clear();
        }
        log::error!("handing a query result to Java failed: {e}");
    }
}
