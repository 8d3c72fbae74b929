//! Diagnosis: a direct probe of the contact points before the session is built, and the
//! per-contact-point explanation when building it fails.

use super::connect::{authenticator, compression, protocol_version};
use super::rows_of;
use crate::config::ConnectionSettings;
use crate::error::{Error, Result};
use cdrs_tokio::authenticators::{
    NoneAuthenticatorProvider, SaslAuthenticator, SaslAuthenticatorProvider,
};
use cdrs_tokio::cluster::session::DEFAULT_TRANSPORT_BUFFER_SIZE;
use cdrs_tokio::cluster::{
    ConnectionManager, KeyspaceHolder, RustlsConnectionManager, TcpConnectionManager,
};
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::frame::{Envelope, Flags, Version};
use cdrs_tokio::frame_encoding::ProtocolFrameEncodingFactory;
use cdrs_tokio::transport::CdrsTransport;
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::rustls;

/// Opens one connection to the contact points in turn (TCP, TLS, STARTUP, authentication) and
/// returns the datacenters that node knows of. Fails with the most telling cause when none works.
pub(super) async fn probe(
    settings: &ConnectionSettings,
    tls: Option<&Arc<rustls::ClientConfig>>,
) -> Result<BTreeSet<String>> {
    let mut failures: Vec<(String, Error)> = Vec::new();
    for address in settings.addresses() {
        let attempt = tokio::time::timeout(
            settings.connect_timeout(),
            probe_one(settings, tls, &address),
        )
        .await
        .unwrap_or_else(|_| {
            Err(Error::Connection(format!(
                "no answer within the connect timeout of {} ms",
                settings.connect_timeout_millis
            )))
        });
        match attempt {
            Ok(datacenters) => return Ok(datacenters),
            Err(e) => failures.push((address, e)),
        }
    }
    let tried = failures
        .iter()
        .map(|(address, e)| format!("{address} ({e})"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some((address, e)) = failures.iter().find(|(_, e)| matches!(e, Error::Auth(_))) {
        return Err(Error::Auth(format!(
            "authentication of user '{}' failed at {address}: {e}; check the credentials \
             (withCredentials / withAuthProvider)",
            settings
                .username
                .as_deref()
                .unwrap_or("(none: no credentials configured)")
        )));
    }
    if tls.is_some() {
        return Err(Error::Connection(format!(
            "cannot connect to Cassandra over TLS: tried {tried}; check that the server's \
             certificate is in the trust store (SSLOptions.withTrustStore), its host name \
             (or withHostnameVerification(false)) and that the port speaks TLS"
        )));
    }
    Err(Error::Connection(format!(
        "cannot connect to Cassandra: tried {tried}"
    )))
}

async fn probe_one(
    settings: &ConnectionSettings,
    tls: Option<&Arc<rustls::ClientConfig>>,
    address: &str,
) -> Result<BTreeSet<String>> {
    let socket: SocketAddr = tokio::net::lookup_host(address)
        .await
        .map_err(|e| Error::Connection(format!("cannot resolve: {e}")))?
        .next()
        .ok_or_else(|| Error::Connection("the name resolves to no address".into()))?;
    let (keyspace_sender, _) = tokio::sync::watch::channel(None);
    let keyspace = Arc::new(KeyspaceHolder::new(keyspace_sender));
    let version = protocol_version(settings);
    // Without credentials, this provider notes whether the server asked for authentication: the
    // driver then fails with a general error that is told apart by that fact, not by its words.
    let asked = Arc::new(CredentialsAsked::default());
    let authenticator = if settings.username.is_some() && settings.password.is_some() {
        authenticator(settings)
    } else {
        asked.clone()
    };
    let handshake = |e: cdrs_tokio::error::Error| match Error::from(e) {
        _ if asked.0.load(Ordering::Relaxed) => Error::Auth(
            "the server requires authentication and no credentials are configured".into(),
        ),
        Error::Auth(m) => Error::Auth(m),
        Error::Server(m) | Error::Connection(m) => Error::Connection(if tls.is_some() {
            format!("TLS/certificate or handshake failure: {m}")
        } else {
            m
        }),
        other => other,
    };
    match tls {
        None => {
            let manager = TcpConnectionManager::new(
                authenticator.clone(),
                keyspace,
                Box::<ProtocolFrameEncodingFactory>::default(),
                compression(settings),
                DEFAULT_TRANSPORT_BUFFER_SIZE,
                true,
                version,
            );
            let transport = manager
                .connection(None, None, socket)
                .await
                .map_err(handshake)?;
            datacenters_seen(&transport, version).await
        }
        Some(config) => {
            let manager = RustlsConnectionManager::new(
                settings.tls_server_name()?,
                authenticator.clone(),
                config.clone(),
                keyspace,
                Box::<ProtocolFrameEncodingFactory>::default(),
                compression(settings),
                DEFAULT_TRANSPORT_BUFFER_SIZE,
                true,
                version,
            );
            let transport = manager
                .connection(None, None, socket)
                .await
                .map_err(handshake)?;
            datacenters_seen(&transport, version).await
        }
    }
}

/// The authenticator of a connection without credentials (like cdrs-tokio's
/// `NoneAuthenticatorProvider`), remembering whether the server asked for one: the driver asks
/// for the provider's name only when the server answers STARTUP with AUTHENTICATE.
#[derive(Default)]
struct CredentialsAsked(AtomicBool);

impl SaslAuthenticatorProvider for CredentialsAsked {
    fn name(&self) -> Option<&str> {
        self.0.store(true, Ordering::Relaxed);
        None
    }

    fn create_authenticator(&self) -> Box<dyn SaslAuthenticator + Send> {
        NoneAuthenticatorProvider.create_authenticator()
    }
}

/// The `data_center` of the node and of its peers.
async fn datacenters_seen<T: CdrsTransport>(
    transport: &T,
    version: Version,
) -> Result<BTreeSet<String>> {
    let mut datacenters = BTreeSet::new();
    for cql in [
        "SELECT data_center FROM system.local",
        "SELECT data_center FROM system.peers",
    ] {
        let request = Envelope::new_req_query(
            cql.to_string(),
            Consistency::One,
            None,
            false,
            None,
            None,
            None,
            None,
            None,
            None,
            Flags::empty(),
            version,
        );
        let response = transport.write_envelope(&request, false).await?;
        for row in rows_of(&response)?.rows {
            if let Some(bytes) = row.first().and_then(|b| b.as_slice()) {
                datacenters.insert(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    Ok(datacenters)
}

/// Says, per contact point, why the session could not be built: a plain TCP connect tells a
/// closed port from a server that answered but refused us.
pub(super) async fn explain_connect_failure(
    addresses: &[String],
    settings: &ConnectionSettings,
    cause: String,
) -> Error {
    let mut reports = Vec::with_capacity(addresses.len());
    let mut any_reachable = false;
    for address in addresses {
        let probe = tokio::time::timeout(
            settings.connect_timeout().min(Duration::from_secs(2)),
            tokio::net::TcpStream::connect(address.as_str()),
        )
        .await;
        let outcome = match probe {
            Ok(Ok(_)) => {
                any_reachable = true;
                "port open".to_string()
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => "connect timed out".to_string(),
        };
        reports.push(format!("{address} ({outcome})"));
    }
    let message = format!(
        "cannot connect to Cassandra: {cause}; tried {}",
        reports.join(", ")
    );
    if any_reachable && settings.username.is_some() {
        // The port answered, so the handshake failed: most often the credentials.
        Error::Connection(format!(
            "{message}; a node was reachable, check the credentials of user '{}', TLS and protocol settings",
            settings.username.as_deref().unwrap_or_default()
        ))
    } else {
        Error::Connection(message)
    }
}
