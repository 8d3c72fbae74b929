//! Building a cdrs-tokio session over plain TCP or TLS from the connection settings.

use crate::config::ConnectionSettings;
use cdrs_tokio::authenticators::{
    NoneAuthenticatorProvider, SaslAuthenticatorProvider, StaticPasswordAuthenticatorProvider,
};
use cdrs_tokio::cluster::connection_pool::ConnectionPoolConfigBuilder;
use cdrs_tokio::cluster::session::{
    RustlsSessionBuilder, Session as CdrsSession, SessionBuilder, TcpSessionBuilder,
};
use cdrs_tokio::cluster::{
    NodeAddress, NodeRustlsConfigBuilder, NodeTcpConfigBuilder, RustlsConnectionManager,
    TcpConnectionManager,
};
use cdrs_tokio::compression::Compression;
use cdrs_tokio::frame::Version;
use cdrs_tokio::load_balancing::node_distance_evaluator::TopologyAwareNodeDistanceEvaluator;
use cdrs_tokio::load_balancing::TopologyAwareLoadBalancingStrategy;
use cdrs_tokio::retry::{ExponentialReconnectionPolicy, FallthroughRetryPolicy};
use cdrs_tokio::transport::{CdrsTransport, TransportRustls, TransportTcp};
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::rustls;

pub(super) type TcpSession = CdrsSession<
    TransportTcp,
    TcpConnectionManager,
    TopologyAwareLoadBalancingStrategy<TransportTcp, TcpConnectionManager>,
>;

pub(super) type TlsSession = CdrsSession<
    TransportRustls,
    RustlsConnectionManager,
    TopologyAwareLoadBalancingStrategy<TransportRustls, RustlsConnectionManager>,
>;

fn node_addresses(settings: &ConnectionSettings) -> Vec<NodeAddress> {
    settings
        .addresses()
        .into_iter()
        .map(NodeAddress::from)
        .collect()
}

pub(super) async fn build_tcp(
    settings: &ConnectionSettings,
) -> cdrs_tokio::error::Result<TcpSession> {
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
            Duration::from_millis(settings.reconnect_base_delay_millis),
            Duration::from_millis(settings.reconnect_max_delay_millis),
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

pub(super) async fn build_tls(
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

pub(super) fn authenticator(
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

pub(super) fn protocol_version(settings: &ConnectionSettings) -> Version {
    if settings.protocol_version == 5 {
        Version::V5
    } else {
        Version::V4
    }
}

pub(super) fn compression(settings: &ConnectionSettings) -> Compression {
    if settings.compression == "lz4" {
        Compression::Lz4
    } else {
        Compression::None
    }
}
