//! Forwards `log` records (and, through tracing's `log` feature, cdrs-tokio's events) to the
//! job's SLF4J logging via the Java class `NativeLogging`.
//!
//! Java sets the highest enabled level once the library is loaded, so disabled levels cost a
//! single comparison. Tokio workers attach to the JVM when they start and detach when they stop.
//!
//! The JVM side (the forwarder, attaching threads) is `jni/logging.rs`.
//!
//! The forwarder holds a global reference to `NativeLogging`, a class of the job's classloader:
//! while it exists, that loader (and this copy of the library) cannot be unloaded. So it exists
//! only while native objects do: a session's open attaches it, the end of the last runtime (and
//! `JNI_OnUnload`) releases it.

use crate::wire::{LOG_DEBUG, LOG_ERROR, LOG_INFO, LOG_OFF, LOG_TRACE, LOG_WARN};
use log::{Level, LevelFilter, Log, Metadata, Record};
use std::sync::OnceLock;

/// Installs the logger (first call only) and sets the level filter (every call). Holds no
/// reference to any Java object.
pub fn install(max_level: LevelFilter) {
    // Fails only when another logger is installed (e.g. a test harness): keep that one.
    let _ = log::set_logger(&JAVA_LOGGER);
    log::set_max_level(max_level);
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
        crate::jni::logging::forward(level_number(record.level()), record);
    }

    fn flush(&self) {}
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
