//! The JVM side of logging (see `crate::logging`): the forwarder's reference to the Java class
//! `NativeLogging`, the call into it, and attaching native threads to the JVM.

use jni::objects::{GlobalRef, JClass, JStaticMethodID, JValue};
use jni::signature::{Primitive, ReturnType};
use jni::{JNIEnv, JavaVM};
use log::Record;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

static JVM: OnceLock<JavaVM> = OnceLock::new();
static FORWARDER: Mutex<Option<Arc<Forwarder>>> = Mutex::new(None);

const LOGGING_CLASS: &str =
    "org/apache/flink/streaming/connectors/cassandra/internal/nativelib/NativeLogging";

struct Forwarder {
    class: GlobalRef,
    method: JStaticMethodID,
}

/// Remembers the VM so that native threads can attach to it. Called from `JNI_OnLoad`.
pub fn set_vm(vm: JavaVM) {
    let _ = JVM.set(vm);
}

/// The VM, once the library is loaded: for native threads that call into Java.
pub fn vm() -> Option<&'static JavaVM> {
    JVM.get()
}

fn forwarder() -> MutexGuard<'static, Option<Arc<Forwarder>>> {
    // Holds only an optional reference: a panic elsewhere cannot leave it inconsistent.
    FORWARDER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Looks up `NativeLogging` for the forwarder unless it is attached already. Must run on a Java
/// thread: class lookup uses the caller's classloader.
pub fn attach_forwarder(env: &mut JNIEnv<'_>) -> crate::error::Result<()> {
    let mut slot = forwarder();
    if slot.is_none() {
        let class = env.find_class(LOGGING_CLASS)?;
        let method =
            env.get_static_method_id(&class, "log", "(ILjava/lang/String;Ljava/lang/String;)V")?;
        let class = env.new_global_ref(class)?;
        *slot = Some(Arc::new(Forwarder { class, method }));
    }
    Ok(())
}

/// Drops the forwarder's global reference, so that the job's classloader can be unloaded.
/// Records logged afterwards are dropped until a session attaches it again.
pub fn release_forwarder() {
    let released = forwarder().take();
    // Deleting the global reference happens here, outside the lock.
    drop(released);
}

/// Hands `record` (at the Java level number `level`) to `NativeLogging.log`, attaching this
/// thread if needed; dropped while no forwarder is attached.
pub fn forward(level: i32, record: &Record<'_>) {
    let Some(vm) = JVM.get() else {
        return;
    };
    let Some(forwarder) = forwarder().clone() else {
        return;
    };
    let Ok(mut env) = vm.attach_current_thread_as_daemon() else {
        return;
    };
    call_java(&mut env, &forwarder, level, record);
}

fn call_java(env: &mut JNIEnv<'_>, forwarder: &Forwarder, level: i32, record: &Record<'_>) {
    // Never call into Java while an exception is pending on this thread.
    if env.exception_check().unwrap_or(true) {
        return;
    }
    let _ = env.with_local_frame(4, |env| -> jni::errors::Result<()> {
        let target = env.new_string(record.target())?;
        let message = env.new_string(record.args().to_string())?;
        let class: &JClass<'_> = forwarder.class.as_obj().into();
        // SAFETY: the method id was looked up on this class with exactly this signature.
        let result = unsafe {
            env.call_static_method_unchecked(
                class,
                forwarder.method,
                ReturnType::Primitive(Primitive::Void),
                &[
                    JValue::Int(level).as_jni(),
                    JValue::Object(&target).as_jni(),
                    JValue::Object(&message).as_jni(),
                ],
            )
        };
        if result.is_err() && env.exception_check().unwrap_or(false) {
            let _ = env.exception_clear();
        }
        Ok(())
    });
}

/// Tokio worker start hook: attach so that logging from the worker costs no attach per record.
pub fn on_worker_start() {
    if let Some(vm) = JVM.get() {
        let _ = vm.attach_current_thread_as_daemon();
    }
}

/// Tokio worker stop hook.
pub fn on_worker_stop() {
    if let Some(vm) = JVM.get() {
        // SAFETY: the worker holds no JNI local references when it stops.
        unsafe { vm.detach_current_thread() };
    }
}
