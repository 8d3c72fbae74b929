//! Forwards `log` records (and, through tracing's `log` feature, cdrs-tokio's events) to the
//! job's SLF4J logging via the Java class `NativeLogging`.
//!
//! Java sets the highest enabled level once the library is loaded, so disabled levels cost a
//! single comparison. Tokio workers attach to the JVM when they start and detach when they stop.
//!
//! The forwarder holds a global reference to `NativeLogging`, a class of the job's classloader:
//! while it exists, that loader (and this copy of the library) cannot be unloaded. So it exists
//! only while native objects do: a session's open attaches it, the end of the last runtime (and
//! `JNI_OnUnload`) releases it.

use crate::wire::{LOG_DEBUG, LOG_ERROR, LOG_INFO, LOG_OFF, LOG_TRACE, LOG_WARN};
use jni::objects::{GlobalRef, JClass, JStaticMethodID, JValue};
use jni::signature::{Primitive, ReturnType};
use jni::{JNIEnv, JavaVM};
use log::{Level, LevelFilter, Log, Metadata, Record};
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

fn forwarder() -> MutexGuard<'static, Option<Arc<Forwarder>>> {
    // Holds only an optional reference: a panic elsewhere cannot leave it inconsistent.
    FORWARDER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the logger (first call only) and sets the level filter (every call). Holds no
/// reference to any Java object.
pub fn install(max_level: LevelFilter) {
    // Fails only when another logger is installed (e.g. a test harness): keep that one.
    let _ = log::set_logger(&JAVA_LOGGER);
    log::set_max_level(max_level);
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

/// The level numbers shared with Java (`wire::LOG_*`).
pub fn level_filter(level: i32) -> LevelFilter {
    match level {
        i32::MIN..=LOG_OFF => LevelFilter::Off,
        LOG_ERROR => LevelFilter::Error,
        LOG_WARN => LevelFilter::Warn,
        LOG_INFO => LevelFilter::Info,
        LOG_DEBUG => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    }
}

fn level_number(level: Level) -> i32 {
    match level {
        Level::Error => LOG_ERROR,
        Level::Warn => LOG_WARN,
        Level::Info => LOG_INFO,
        Level::Debug => LOG_DEBUG,
        Level::Trace => LOG_TRACE,
    }
}

struct JavaLogger;
static JAVA_LOGGER: JavaLogger = JavaLogger;

impl Log for JavaLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // The jni crate logs its own calls: forwarding those would loop.
        metadata.level() <= log::max_level() && !metadata.target().starts_with("jni")
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let Some(vm) = JVM.get() else {
            return;
        };
        let Some(forwarder) = forwarder().clone() else {
            return;
        };
        let Ok(mut env) = vm.attach_current_thread_as_daemon() else {
            return;
        };
        forward(&mut env, &forwarder, record);
    }

    fn flush(&self) {}
}

fn forward(env: &mut JNIEnv<'_>, forwarder: &Forwarder, record: &Record<'_>) {
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
                    JValue::Int(level_number(record.level())).as_jni(),
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

/// Logs panics (with their backtrace) through `log` before the unwinding reaches the JNI guard.
pub fn install_panic_hook() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        std::panic::set_hook(Box::new(|info| {
            let backtrace = std::backtrace::Backtrace::capture();
            log::error!("native panic: {info}\n{backtrace}");
        }));
    });
}
