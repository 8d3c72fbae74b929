//! Sessions shared by every operator of one loaded library copy that uses equal settings.
//! A session lives while a handle to it does; the registry holds only weak references.
//!
//! The registry lock is never held while connecting: each settings document has its own connect
//! lock, so a slow or unreachable cluster delays only the opens of that same cluster, and two
//! concurrent opens of equal settings still connect once and share the session.

use crate::config::ConnectionSettings;
use crate::error::Result;
use crate::runtime::RuntimeRef;
use crate::session::Session;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// What a Java `NativeSession` owns: the session and the runtime it runs on.
pub struct SessionHandle {
    pub session: Arc<Session>,
    pub runtime: RuntimeRef,
}

#[derive(Default)]
struct Registry {
    sessions: HashMap<String, Weak<SessionHandle>>,
    /// One lock per settings document being opened; held only while connecting.
    connecting: HashMap<String, Arc<Mutex<()>>>,
}

impl Registry {
    fn live(&self, key: &str) -> Option<Arc<SessionHandle>> {
        self.sessions.get(key).and_then(Weak::upgrade)
    }

    fn prune(&mut self) {
        self.sessions.retain(|_, weak| weak.strong_count() > 0);
        // A connect lock nobody holds or waits for (only the map refers to it) is done.
        self.connecting
            .retain(|_, lock| Arc::strong_count(lock) > 1);
    }
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// The registry, also after a panic elsewhere poisoned its lock: its maps stay consistent at
/// every point a panic can happen (they hold only weak references and connect locks).
fn registry() -> MutexGuard<'static, Option<Registry>> {
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The live session for `settings_json`, or a new one. The key is the exact settings
/// document, so two operators share a session only when every setting is equal.
pub fn open(settings_json: &str) -> Result<Arc<SessionHandle>> {
    let connect_lock = {
        let mut guard = registry();
        let registry = guard.get_or_insert_with(Registry::default);
        registry.prune();
        if let Some(existing) = registry.live(settings_json) {
            return Ok(existing);
        }
        registry
            .connecting
            .entry(settings_json.to_string())
            .or_default()
            .clone()
    };
    // Equal settings wait here for the first open to connect; other settings go on.
    let _connecting = connect_lock
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(existing) = registry().as_ref().and_then(|r| r.live(settings_json)) {
        return Ok(existing);
    }
    let settings = ConnectionSettings::from_json(settings_json)?;
    let runtime = RuntimeRef::acquire()?;
    let session = runtime.block_on(Session::connect(settings))?;
    let handle = Arc::new(SessionHandle {
        session: Arc::new(session),
        runtime,
    });
    registry()
        .get_or_insert_with(Registry::default)
        .sessions
        .insert(settings_json.to_string(), Arc::downgrade(&handle));
    Ok(handle)
}

/// Number of live shared sessions (for tests and metrics).
pub fn live_sessions() -> usize {
    registry().as_ref().map_or(0, |r| {
        r.sessions.values().filter(|w| w.strong_count() > 0).count()
    })
}
