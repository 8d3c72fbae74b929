//! Sessions: one cdrs-tokio session per distinct set of connection settings, with its prepared
//! statement cache. Every network call here is bounded by a timeout.

mod connect;
mod diagnose;
mod tls;

use crate::config::ConnectionSettings;
use crate::error::{Error, Result};
use crate::statements::Statement;
use cdrs_tokio::cluster::session::Session as CdrsSession;
use cdrs_tokio::cluster::ConnectionManager;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::frame::message_batch::{BatchQuery, BatchQuerySubj, BatchType, BodyReqBatch};
use cdrs_tokio::frame::message_response::ResponseBody;
use cdrs_tokio::frame::message_result::{BodyResResultPrepared, ResResultBody};
use cdrs_tokio::frame::Envelope;
use cdrs_tokio::load_balancing::QueryPlan;
use cdrs_tokio::query::batch_query_builder::QueryBatchPreparedStatement;
use cdrs_tokio::query::{QueryBatch, QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::transport::CdrsTransport;
use connect::{build_tcp, build_tls, TcpSession, TlsSession};
use diagnose::{explain_connect_failure, probe};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tls::tls_client_config;

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
        let session = Session {
            transport,
            settings,
            statements: Mutex::new(HashMap::new()),
        };
        if let Some(keyspace) = session.settings.keyspace.clone() {
            // cdrs-tokio applies a keyspace set by USE to every connection, present and future.
            session
                .query(&format!("USE {keyspace}"), Consistency::One)
                .await?;
        }
        Ok(session)
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

    /// Executes a prepared statement once per row in one UNLOGGED batch at one write timestamp,
    /// under the request timeout. cdrs-tokio takes the batch by value and copies it again into
    /// the frame, so the rows are cloned here (once per attempt).
    pub async fn execute_batch(
        &self,
        statement: &Statement,
        rows: &[Vec<cdrs_tokio::types::value::Value>],
        timestamp: Option<i64>,
        params: &StatementParams,
    ) -> Result<Envelope> {
        let prepared = &statement.prepared;
        let request = BodyReqBatch {
            batch_type: BatchType::Unlogged,
            queries: rows
                .iter()
                .map(|row| BatchQuery {
                    subject: BatchQuerySubj::PreparedId(prepared.id.clone()),
                    values: QueryValues::SimpleValues(row.clone()),
                })
                .collect(),
            consistency: params.query_params.consistency,
            serial_consistency: params.query_params.serial_consistency,
            timestamp,
            keyspace: None,
            now_in_seconds: None,
        };
        // Lets cdrs-tokio re-prepare the statement on a node that answers Unprepared.
        let mut prepared_queries = HashMap::with_capacity(1);
        prepared_queries.insert(
            prepared.id.clone(),
            QueryBatchPreparedStatement::new(prepared.query.clone(), prepared.keyspace.clone()),
        );
        let batch = QueryBatch::new(request, prepared_queries);
        dispatch!(&self.transport, s => {
            self.bounded(s.batch_with_params(batch, params)).await
        })
    }

    /// A name of the replica set that holds the partition of `routing_key` in `keyspace`: the
    /// first replication-factor distinct nodes on the token ring from its token (the replication
    /// factors of all datacenters summed), as known to the session now. None when the keyspace
    /// or the ring is unknown.
    pub fn replica_set(&self, keyspace: &str, routing_key: &[u8]) -> Option<u64> {
        use cdrs_tokio::cluster::topology::ReplicationStrategy;
        use std::hash::{DefaultHasher, Hash, Hasher};
        let token = cdrs_tokio::cluster::Murmur3Token::generate(routing_key);
        dispatch!(&self.transport, s => {
            let metadata = s.cluster_metadata();
            let factor = match &metadata.keyspace(keyspace)?.replication_strategy {
                ReplicationStrategy::SimpleStrategy { replication_factor } => *replication_factor,
                ReplicationStrategy::NetworkTopologyStrategy {
                    datacenter_replication_factor,
                } => datacenter_replication_factor.values().sum(),
                ReplicationStrategy::Other => 1,
            };
            let mut replicas: Vec<_> = metadata
                .token_map()
                .nodes_for_token_capped(token, factor.max(1))
                .map(|node| node.broadcast_rpc_address())
                .collect();
            if replicas.is_empty() {
                return None;
            }
            replicas.sort_unstable();
            let mut hasher = DefaultHasher::new();
            replicas.hash(&mut hasher);
            Some(hasher.finish())
        })
    }

    /// Runs a CQL string (DDL, or a SELECT whose rows are returned).
    pub async fn query(&self, cql: &str, consistency: Consistency) -> Result<RowsResult> {
        let params = StatementParams {
            query_params: QueryParams {
                consistency,
                ..QueryParams::default()
            },
            is_idempotent: false,
            ..StatementParams::default()
        };
        let envelope = self
            .query_with_params(cql, params)
            .await
            .map_err(|e| e.context(format!("running '{cql}'")))?;
        rows_of(&envelope)
    }

    /// Runs an unprepared CQL string once, under the request timeout.
    pub async fn query_with_params(&self, cql: &str, params: StatementParams) -> Result<Envelope> {
        dispatch!(&self.transport, s => {
            self.bounded(s.query_with_params(cql, params)).await
        })
    }

    async fn bounded<T>(
        &self,
        future: impl std::future::Future<Output = cdrs_tokio::error::Result<T>>,
    ) -> Result<T> {
        let timeout = self.request_timeout();
        match tokio::time::timeout(timeout, future).await {
            Ok(result) => result.map_err(Error::from),
            Err(_) => Err(Error::RequestTimeout(format!(
                "no response within the client-side request timeout of {} ms \
                 (SocketOptions.setReadTimeoutMillis)",
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

impl Drop for Session {
    fn drop(&mut self) {
        log::debug!(
            "closing session to {}",
            self.settings.addresses().join(", ")
        );
    }
}
