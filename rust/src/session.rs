//! Sessions: one cdrs-tokio session per distinct set of connection settings, with its prepared
//! statement cache. Every network call here is bounded by a timeout.

use crate::config::ConnectionSettings;
use crate::error::{Error, Result};
use crate::statements::Statement;
use cdrs_tokio::authenticators::{NoneAuthenticatorProvider, StaticPasswordAuthenticatorProvider};
use cdrs_tokio::cluster::connection_pool::ConnectionPoolConfigBuilder;
use cdrs_tokio::cluster::session::{Session as CdrsSession, SessionBuilder, TcpSessionBuilder};
use cdrs_tokio::cluster::{NodeAddress, NodeTcpConfigBuilder, TcpConnectionManager};
use cdrs_tokio::compression::Compression;
use cdrs_tokio::frame::message_response::ResponseBody;
use cdrs_tokio::frame::message_result::ResResultBody;
use cdrs_tokio::frame::{Envelope, Version};
use cdrs_tokio::load_balancing::node_distance_evaluator::TopologyAwareNodeDistanceEvaluator;
use cdrs_tokio::load_balancing::TopologyAwareLoadBalancingStrategy;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::retry::{ExponentialReconnectionPolicy, FallthroughRetryPolicy};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::transport::TransportTcp;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type TcpSession = CdrsSession<
    TransportTcp,
    TcpConnectionManager,
    TopologyAwareLoadBalancingStrategy<TransportTcp, TcpConnectionManager>,
>;

/// The transports we speak; TLS joins this enum, every method dispatches through `dispatch!`.
enum Transport {
    Tcp(TcpSession),
}

macro_rules! dispatch {
    ($transport:expr, $session:ident => $body:expr) => {
        match $transport {
            Transport::Tcp($session) => $body,
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
    pub async fn connect(settings: ConnectionSettings) -> Result<Session> {
        let addresses = settings.addresses();
        // The control connection retries unreachable contact points forever: bound the wait.
        let budget = settings.connect_timeout() * 2;
        let build = build_tcp(&settings);
        let transport = match tokio::time::timeout(budget, build).await {
            Ok(Ok(session)) => Transport::Tcp(session),
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
            "connected to Cassandra at {} (protocol v{})",
            addresses.join(", "),
            settings.protocol_version
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
        let raw = self
            .bounded(dispatch!(&self.transport, s => s.prepare_raw_tw(
                query,
                keyspace.map(str::to_string),
                false,
                false,
                false
            )))
            .await
            .map_err(|e| e.context(format!("preparing '{query}'")))?;
        let statement = Arc::new(Statement::new(query, raw));
        let mut cache = self
            .statements
            .lock()
            .map_err(|_| Error::Internal("statement cache poisoned".into()))?;
        Ok(cache.entry(key).or_insert(statement).clone())
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
        self.bounded(
            dispatch!(&self.transport, s => s.exec_with_params(&statement.prepared, params)),
        )
        .await
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
        let envelope = self
            .bounded(dispatch!(&self.transport, s => s.query_with_params(cql, params)))
            .await
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
    let mut node_config = NodeTcpConfigBuilder::new()
        .with_contact_points(node_addresses(settings))
        .with_version(protocol_version(settings));
    node_config = match (&settings.username, &settings.password) {
        (Some(user), Some(password)) => node_config.with_authenticator_provider(Arc::new(
            StaticPasswordAuthenticatorProvider::new(user.clone(), password.clone()),
        )),
        _ => node_config.with_authenticator_provider(Arc::new(NoneAuthenticatorProvider)),
    };
    let node_config = node_config.build().await?;
    let mut builder = TcpSessionBuilder::new(load_balancing(), node_config)
        .with_compression(compression(settings))
        .with_retry_policy(Box::new(FallthroughRetryPolicy))
        .with_reconnection_policy(Arc::new(ExponentialReconnectionPolicy::new(
            Duration::from_millis(settings.reconnect_base_delay_ms),
            Duration::from_millis(settings.reconnect_max_delay_ms),
            usize::MAX,
        )))
        .with_connection_pool_config(pool_config(settings));
    if let Some(dc) = &settings.local_datacenter {
        builder = builder.with_node_distance_evaluator(Box::new(
            TopologyAwareNodeDistanceEvaluator::new(dc.clone()),
        ));
    }
    builder
        .build()
        .await
        .map_err(|e| cdrs_tokio::error::Error::General(e.to_string()))
}

fn load_balancing<
    T: cdrs_tokio::transport::CdrsTransport,
    CM: cdrs_tokio::cluster::ConnectionManager<T>,
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
