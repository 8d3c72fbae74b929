//! Sessions: one cdrs-tokio session per distinct set of connection settings, with its prepared
//! statement cache. Every network call here is bounded by a timeout.

use crate::config::{ConnectionSettings, TlsSettings};
use crate::error::{Error, Result};
use crate::statements::Statement;
use cdrs_tokio::authenticators::{
    NoneAuthenticatorProvider, SaslAuthenticatorProvider, StaticPasswordAuthenticatorProvider,
};
use cdrs_tokio::cluster::connection_pool::ConnectionPoolConfigBuilder;
use cdrs_tokio::cluster::session::{
    RustlsSessionBuilder, Session as CdrsSession, SessionBuilder, TcpSessionBuilder,
    DEFAULT_TRANSPORT_BUFFER_SIZE,
};
use cdrs_tokio::cluster::{
    ConnectionManager, KeyspaceHolder, NodeAddress, NodeRustlsConfigBuilder, NodeTcpConfigBuilder,
    RustlsConnectionManager, TcpConnectionManager,
};
use cdrs_tokio::compression::Compression;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::frame::message_response::ResponseBody;
use cdrs_tokio::frame::message_result::{BodyResResultPrepared, ResResultBody};
use cdrs_tokio::frame::{Envelope, Flags, Version};
use cdrs_tokio::frame_encoding::ProtocolFrameEncodingFactory;
use cdrs_tokio::load_balancing::node_distance_evaluator::TopologyAwareNodeDistanceEvaluator;
use cdrs_tokio::load_balancing::{QueryPlan, TopologyAwareLoadBalancingStrategy};
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::retry::{ExponentialReconnectionPolicy, FallthroughRetryPolicy};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::transport::{CdrsTransport, TransportRustls, TransportTcp};
use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::ServerName;

type TcpSession = CdrsSession<
    TransportTcp,
    TcpConnectionManager,
    TopologyAwareLoadBalancingStrategy<TransportTcp, TcpConnectionManager>,
>;

type TlsSession = CdrsSession<
    TransportRustls,
    RustlsConnectionManager,
    TopologyAwareLoadBalancingStrategy<TransportRustls, RustlsConnectionManager>,
>;

/// The transports we speak; every method dispatches through `dispatch!`.
enum Transport {
    Tcp(TcpSession),
    Tls(TlsSession),
}

macro_rules! dispatch {
    ($transport:expr, $session:ident => $body:expr) => {
        match $transport {
            Transport::Tcp($session) => $body,
            Transport::Tls($session) => $body,
        }
    };
}

/// Prepared statements are cached by (keyspace, query).
type StatementKey = (Option<String>, String);

pub struct Session {
    transport: Transport,
    settings: ConnectionSettings,
    statements: Mutex<HashMap<StatementKey, Arc<Statement>>>,
}

/// The rows a query returned, still in protocol form.
pub struct RowsResult {
    pub columns: Vec<cdrs_tokio::frame::message_result::ColSpec>,
    pub rows: Vec<Vec<cdrs_tokio::types::CBytes>>,
    pub paging_state: Option<Vec<u8>>,
}

impl Session {
    /// Connects, failing within the connect timeout when no contact point answers.
    ///
    /// One contact point is first asked directly (TCP, TLS, STARTUP, authentication): cdrs-tokio's
    /// session build retries every failure on the reconnection schedule and loses its cause, so
    /// a wrong password, an untrusted certificate or an unknown local datacenter is reported from
    /// this probe instead, at once and by name.
    pub async fn connect(settings: ConnectionSettings) -> Result<Session> {
        let addresses = settings.addresses();
        let tls = settings.tls.as_ref().map(tls_client_config).transpose()?;
        let datacenters = probe(&settings, tls.as_ref()).await?;
        if let Some(dc) = &settings.local_datacenter {
            if !datacenters.contains(dc) {
                return Err(Error::Config(format!(
                    "localDatacenter: '{dc}' is not a datacenter of this cluster (known: {}); \
                     set DCAwareRoundRobinPolicy.builder().withLocalDc(..) to one of them",
                    datacenters.into_iter().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        // The control connection retries unreachable contact points forever: bound the wait.
        let budget = settings.connect_timeout() * 2;
        let build = async {
            match &tls {
                None => build_tcp(&settings).await.map(Transport::Tcp),
                Some(config) => build_tls(&settings, config.clone())
                    .await
                    .map(Transport::Tls),
            }
        };
        let transport = match tokio::time::timeout(budget, build).await {
            Ok(Ok(transport)) => transport,
            Ok(Err(e)) => {
                return Err(explain_connect_failure(&addresses, &settings, e.to_string()).await)
            }
            Err(_) => {
                return Err(explain_connect_failure(
                    &addresses,
                    &settings,
                    format!("no answer within {} ms", budget.as_millis()),
                )
                .await)
            }
        };
        log::info!(
            "connected to Cassandra at {} (protocol v{}{})",
            addresses.join(", "),
            settings.protocol_version,
            if tls.is_some() { ", TLS" } else { "" }
        );
        Ok(Session {
            transport,
            settings,
            statements: Mutex::new(HashMap::new()),
        })
    }

    pub fn settings(&self) -> &ConnectionSettings {
        &self.settings
    }

    pub fn request_timeout(&self) -> Duration {
        self.settings.request_timeout()
    }

    /// Prepares `query` (once per session: later calls return the cached statement).
    pub async fn prepare(&self, query: &str, keyspace: Option<&str>) -> Result<Arc<Statement>> {
        let key = (keyspace.map(str::to_string), query.to_string());
        if let Some(found) = self.cached(&key)? {
            return Ok(found);
        }
        let raw =
            dispatch!(&self.transport, s => self.prepare_everywhere(s, query, keyspace).await)
                .map_err(|e| e.context(format!("preparing '{query}'")))?;
        let statement = Arc::new(Statement::new(query, raw));
        let mut cache = self
            .statements
            .lock()
            .map_err(|_| Error::Internal("statement cache poisoned".into()))?;
        Ok(cache.entry(key).or_insert(statement).clone())
    }

    /// Prepares on every known node, so that no execution meets an `Unprepared` reply and pays
    /// a re-prepare round trip. Nodes that are down or fail are skipped (cdrs-tokio re-prepares
    /// there on demand); only when no node accepts does the plain, load-balanced prepare decide.
    async fn prepare_everywhere<T, CM, LB>(
        &self,
        session: &CdrsSession<T, CM, LB>,
        query: &str,
        keyspace: Option<&str>,
    ) -> Result<BodyResResultPrepared>
    where
        T: CdrsTransport + 'static,
        CM: ConnectionManager<T> + 'static,
        LB: cdrs_tokio::load_balancing::LoadBalancingStrategy<T, CM> + Send + Sync + 'static,
    {
        let nodes: Vec<_> = session
            .cluster_metadata()
            .nodes()
            .values()
            .cloned()
            .collect();
        let total = nodes.len();
        let mut prepared = None;
        let mut failed = Vec::new();
        for node in nodes {
            let address = node.broadcast_rpc_address();
            let plan = QueryPlan::new(vec![node]);
            let outcome = self
                .bounded(session.prepare_raw_tw_with_query_plan(
                    query,
                    keyspace.map(str::to_string),
                    false,
                    false,
                    false,
                    Some(plan),
                ))
                .await;
            match outcome {
                Ok(raw) => {
                    prepared.get_or_insert(raw);
                }
                Err(e) => failed.push(format!("{address} ({e})")),
            }
        }
        if let Some(raw) = prepared {
            if failed.is_empty() {
                log::debug!("prepared '{query}' on all {total} nodes");
            } else {
                log::debug!(
                    "prepared '{query}' on {} of {total} nodes; not on {}",
                    total - failed.len(),
                    failed.join(", ")
                );
            }
            return Ok(raw);
        }
        self.bounded(session.prepare_raw_tw(
            query,
            keyspace.map(str::to_string),
            false,
            false,
            false,
        ))
        .await
    }

    fn cached(&self, key: &StatementKey) -> Result<Option<Arc<Statement>>> {
        let cache = self
            .statements
            .lock()
            .map_err(|_| Error::Internal("statement cache poisoned".into()))?;
        Ok(cache.get(key).cloned())
    }

    /// Executes a prepared statement once, under the request timeout.
    pub async fn execute(
        &self,
        statement: &Statement,
        params: &StatementParams,
    ) -> Result<Envelope> {
        dispatch!(&self.transport, s => {
            self.bounded(s.exec_with_params(&statement.prepared, params)).await
        })
    }

    /// Runs a CQL string (DDL, or a SELECT whose rows are returned).
    pub async fn query(
        &self,
        cql: &str,
        consistency: cdrs_tokio::consistency::Consistency,
    ) -> Result<RowsResult> {
        let params = StatementParams {
            query_params: QueryParams {
                consistency,
                ..QueryParams::default()
            },
            is_idempotent: false,
            ..StatementParams::default()
        };
        let envelope = dispatch!(&self.transport, s => {
            self.bounded(s.query_with_params(cql, params)).await
        })
        .map_err(|e| e.context(format!("running '{cql}'")))?;
        rows_of(&envelope)
    }

    async fn bounded<T>(
        &self,
        future: impl std::future::Future<Output = cdrs_tokio::error::Result<T>>,
    ) -> Result<T> {
        let timeout = self.request_timeout();
        match tokio::time::timeout(timeout, future).await {
            Ok(result) => result.map_err(Error::from),
            Err(_) => Err(Error::Connection(format!(
                "no response within the request timeout of {} ms",
                timeout.as_millis()
            ))),
        }
    }
}

/// Empty result for writes and DDL, the rows for a SELECT.
pub fn rows_of(envelope: &Envelope) -> Result<RowsResult> {
    match envelope.response_body()? {
        ResponseBody::Result(ResResultBody::Rows(rows)) => Ok(RowsResult {
            paging_state: rows
                .metadata
                .paging_state
                .as_ref()
                .and_then(|p| p.as_slice().map(<[u8]>::to_vec)),
            columns: rows.metadata.col_specs,
            rows: rows.rows_content,
        }),
        _ => Ok(RowsResult {
            columns: Vec::new(),
            rows: Vec::new(),
            paging_state: None,
        }),
    }
}

fn node_addresses(settings: &ConnectionSettings) -> Vec<NodeAddress> {
    settings
        .addresses()
        .into_iter()
        .map(NodeAddress::from)
        .collect()
}

async fn build_tcp(settings: &ConnectionSettings) -> cdrs_tokio::error::Result<TcpSession> {
    let node_config = NodeTcpConfigBuilder::new()
        .with_contact_points(node_addresses(settings))
        .with_version(protocol_version(settings))
        .with_authenticator_provider(authenticator(settings))
        .build()
        .await?;
    configure(
        TcpSessionBuilder::new(load_balancing(), node_config),
        settings,
    )
    .build()
    .await
    .map_err(|e| cdrs_tokio::error::Error::General(e.to_string()))
}

/// The session settings common to every transport.
fn configure<T, CM, B>(builder: B, settings: &ConnectionSettings) -> B
where
    T: CdrsTransport + 'static,
    CM: cdrs_tokio::cluster::ConnectionManager<T> + 'static,
    B: SessionBuilder<T, CM, TopologyAwareLoadBalancingStrategy<T, CM>>,
{
    let builder = builder
        .with_compression(compression(settings))
        // Retries are the write pipeline's business (with backoff and idempotence rules).
        .with_retry_policy(Box::new(FallthroughRetryPolicy))
        .with_reconnection_policy(Arc::new(ExponentialReconnectionPolicy::new(
            Duration::from_millis(settings.reconnect_base_delay_ms),
            Duration::from_millis(settings.reconnect_max_delay_ms),
            usize::MAX,
        )))
        .with_connection_pool_config(pool_config(settings));
    match &settings.local_datacenter {
        Some(dc) => builder.with_node_distance_evaluator(Box::new(
            TopologyAwareNodeDistanceEvaluator::new(dc.clone()),
        )),
        None => builder,
    }
}

async fn build_tls(
    settings: &ConnectionSettings,
    config: Arc<rustls::ClientConfig>,
) -> cdrs_tokio::error::Result<TlsSession> {
    // Checked when the settings were parsed; the error cannot happen here.
    let server_name = settings
        .tls_server_name()
        .map_err(|e| cdrs_tokio::error::Error::General(e.to_string()))?;
    let node_config = NodeRustlsConfigBuilder::new(server_name, config)
        .with_contact_points(node_addresses(settings))
        .with_version(protocol_version(settings))
        .with_authenticator_provider(authenticator(settings))
        .build()
        .await?;
    configure(
        RustlsSessionBuilder::new(load_balancing(), node_config),
        settings,
    )
    .build()
    .await
    .map_err(|e| cdrs_tokio::error::Error::General(e.to_string()))
}

fn authenticator(
    settings: &ConnectionSettings,
) -> Arc<dyn SaslAuthenticatorProvider + Send + Sync> {
    match (&settings.username, &settings.password) {
        (Some(user), Some(password)) => Arc::new(StaticPasswordAuthenticatorProvider::new(
            user.clone(),
            password.clone(),
        )),
        _ => Arc::new(NoneAuthenticatorProvider),
    }
}

fn unhex(what: &str, hex: &str) -> Result<Vec<u8>> {
    let digits = hex.as_bytes();
    if digits.len() % 2 != 0 {
        return Err(Error::Config(format!("{what}: odd number of hex digits")));
    }
    digits
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| Error::Config(format!("{what}: not hexadecimal")))
        })
        .collect()
}

/// A rustls client configuration (ring provider) from the certificates Java read.
fn tls_client_config(tls: &TlsSettings) -> Result<Arc<rustls::ClientConfig>> {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for (i, hex) in tls.trusted_certificates_hex.iter().enumerate() {
        let der = unhex("tls trusted certificate", hex)?;
        roots.add(CertificateDer::from(der)).map_err(|e| {
            Error::Config(format!(
                "tls: trusted certificate #{} is not usable: {e}",
                i + 1
            ))
        })?;
    }
    if roots.is_empty() {
        return Err(Error::Config(
            "tls: the trust store holds no certificate to trust".into(),
        ));
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("tls: {e}")))?;
    let builder = if tls.verify_hostname {
        builder.with_root_certificates(roots)
    } else {
        let inner =
            rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| Error::Config(format!("tls: {e}")))?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnlyVerifier(inner)))
    };
    let config = match &tls.client_private_key_hex {
        None => builder.with_no_client_auth(),
        Some(key_hex) => {
            let chain = tls
                .client_certificate_chain_hex
                .iter()
                .map(|hex| unhex("tls client certificate", hex).map(CertificateDer::from))
                .collect::<Result<Vec<_>>>()?;
            let key =
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(unhex("tls client key", key_hex)?));
            builder.with_client_auth_cert(chain, key).map_err(|e| {
                Error::Config(format!("tls: the key store's key is not usable: {e}"))
            })?
        }
    };
    Ok(Arc::new(config))
}

/// Verifies the server's chain against the trust store but not its host name
/// (`SSLOptions.withHostnameVerification(false)`).
#[derive(Debug)]
struct ChainOnlyVerifier(Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for ChainOnlyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::{CertificateError, Error as TlsError};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(TlsError::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// Opens one connection to the contact points in turn (TCP, TLS, STARTUP, authentication) and
/// returns the datacenters that node knows of. Fails with the most telling cause when none works.
async fn probe(
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
                settings.connect_timeout_ms
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
    let handshake = |e: cdrs_tokio::error::Error| match Error::from(e) {
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
                authenticator(settings),
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
                authenticator(settings),
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

fn load_balancing<
    T: cdrs_tokio::transport::CdrsTransport,
    CM: cdrs_tokio::cluster::ConnectionManager<T> + 'static,
>() -> TopologyAwareLoadBalancingStrategy<T, CM> {
    TopologyAwareLoadBalancingStrategy::new(None, false)
}

fn pool_config(
    settings: &ConnectionSettings,
) -> cdrs_tokio::cluster::connection_pool::ConnectionPoolConfig {
    ConnectionPoolConfigBuilder::new()
        .with_local_size(settings.connections_per_node)
        .with_remote_size(settings.connections_per_node)
        .with_connect_timeout(Some(settings.connect_timeout()))
        .build()
}

fn protocol_version(settings: &ConnectionSettings) -> Version {
    if settings.protocol_version == 5 {
        Version::V5
    } else {
        Version::V4
    }
}

fn compression(settings: &ConnectionSettings) -> Compression {
    if settings.compression == "lz4" {
        Compression::Lz4
    } else {
        Compression::None
    }
}

/// Says, per contact point, why the session could not be built: a plain TCP connect tells a
/// closed port from a server that answered but refused us.
async fn explain_connect_failure(
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

impl Drop for Session {
    fn drop(&mut self) {
        log::debug!(
            "closing session to {}",
            self.settings.addresses().join(", ")
        );
    }
}

// Keep QueryValues in the public surface for the write path.
pub type Values = QueryValues;
