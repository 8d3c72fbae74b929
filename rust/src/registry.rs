//! Sessions shared by every operator of one loaded library copy that uses equal settings.
//! A session lives while a handle to it does; the registry holds only weak references.

use crate::config::ConnectionSettings;
use crate::error::{Error, Result};
use crate::runtime::RuntimeRef;
use crate::session::Session;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

/// What a Java `NativeSession` owns: the session and the runtime it runs on.
pub struct SessionHandle {
    pub session: Arc<Session>,
    pub runtime: RuntimeRef,
}

static SESSIONS: Mutex<Option<HashMap<String, Weak<SessionHandle>>>> = Mutex::new(None);

/// The live session for `settings_json`, or a new one. The key is the exact settings
/// document, so two operators share a session only when every setting is equal.
pub fn open(settings_json: &str) -> Result<Arc<SessionHandle>> {
    // Hold the lock while connecting: two operators starting at once must not open two sessions.
    let mut guard = SESSIONS
        .lock()
        .map_err(|_| Error::Internal("session registry poisoned".into()))?;
    let sessions = guard.get_or_insert_with(HashMap::new);
    sessions.retain(|_, weak| weak.strong_count() > 0);
    if let Some(existing) = sessions.get(settings_json).and_then(Weak::upgrade) {
        return Ok(existing);
    }
    let settings = ConnectionSettings::from_json(settings_json)?;
    let runtime = RuntimeRef::acquire()?;
    let session = runtime.block_on(Session::connect(settings))?;
    let handle = Arc::new(SessionHandle {
        session: Arc::new(session),
        runtime,
    });
    sessions.insert(settings_json.to_string(), Arc::downgrade(&handle));
    Ok(handle)
}

/// Number of live shared sessions (for tests and metrics).
pub fn live_sessions() -> usize {
    SESSIONS
        .lock()
        .map(|guard| {
            guard
                .as_ref()
                .map_or(0, |m| m.values().filter(|w| w.strong_count() > 0).count())
        })
        .unwrap_or(0)
}
