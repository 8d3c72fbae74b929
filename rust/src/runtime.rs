//! The tokio runtime shared by every native object of one loaded copy of the library.
//!
//! It is created when the first handle needs it and shut down when the last one is closed, so a
//! job whose classloader goes away leaves no threads behind (and no reference to its classes:
//! the log forwarder is released with the last runtime). Only Java threads (never tokio
//! workers) release the last reference, because a runtime cannot be dropped from inside itself.

use crate::error::{Error, Result};
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

const WORKER_THREADS: usize = 2;
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

static SHARED: Mutex<Weak<RuntimeHolder>> = Mutex::new(Weak::new());

pub struct RuntimeHolder {
    runtime: Option<Runtime>,
}

impl Drop for RuntimeHolder {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(SHUTDOWN_GRACE);
            log::debug!("native runtime shut down");
        }
        // The last native object is gone: let go of the job's classloader, unless a new runtime
        // started meanwhile (it is registered under this lock before its session attaches).
        let shared = SHARED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if shared.upgrade().is_none() {
            crate::jni::logging::release_forwarder();
        }
    }
}

/// A reference to the shared runtime; the runtime lives while any of these does.
#[derive(Clone)]
pub struct RuntimeRef(Arc<RuntimeHolder>);

impl RuntimeRef {
    pub fn acquire() -> Result<RuntimeRef> {
        // A panic elsewhere cannot leave the weak reference inconsistent: recover the lock.
        let mut shared = SHARED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(existing) = shared.upgrade() {
            return Ok(RuntimeRef(existing));
        }
        let runtime = Builder::new_multi_thread()
            .worker_threads(WORKER_THREADS)
            .thread_name("cassandra-native-io")
            .enable_all()
            .on_thread_start(crate::jni::logging::on_worker_start)
            .on_thread_stop(crate::jni::logging::on_worker_stop)
            .build()
            .map_err(|e| Error::Internal(format!("cannot start the native runtime: {e}")))?;
        let holder = Arc::new(RuntimeHolder {
            runtime: Some(runtime),
        });
        *shared = Arc::downgrade(&holder);
        log::debug!("native runtime started with {WORKER_THREADS} worker threads");
        Ok(RuntimeRef(holder))
    }

    pub fn handle(&self) -> &tokio::runtime::Handle {
        self.runtime().handle()
    }

    fn runtime(&self) -> &Runtime {
        self.0
            .runtime
            .as_ref()
            .expect("runtime is present until the holder is dropped")
    }

    /// Runs `future` to completion on the calling (Java) thread.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime().block_on(future)
    }

    /// Like [`block_on`](Self::block_on), failing with `on_timeout` after `timeout`.
    pub fn block_on_timeout<F: Future<Output = Result<T>>, T>(
        &self,
        timeout: Duration,
        future: F,
        on_timeout: impl FnOnce() -> Error,
    ) -> Result<T> {
        self.block_on(async move {
            match tokio::time::timeout(timeout, future).await {
                Ok(result) => result,
                Err(_) => Err(on_timeout()),
            }
        })
    }
}
