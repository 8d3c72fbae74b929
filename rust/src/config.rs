//! Connection settings as they cross JNI: one JSON document written by the Java
//! `ConnectionSettings`, parsed here once per session. Java owns the defaults and the validation
//! (it can name the user's setting): every field is required here, an optional one as an
//! explicit `null`, and only invariants are checked.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::fmt;
use std::time::Duration;
use tokio_rustls::rustls::pki_types::ServerName;

/// `Debug` is written by hand below so that the password never reaches a log line.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConnectionSettings {
    /// Host names or addresses, each optionally with `:port`.
    pub contact_points: Vec<String>,
    pub port: u16,
    #[serde(deserialize_with = "nullable")]
    pub username: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub password: Option<String>,
    pub connect_timeout_millis: u64,
    pub request_timeout_millis: u64,
    /// 4 or 5.
    pub protocol_version: u8,
    /// "none" or "lz4".
    pub compression: String,
    #[serde(deserialize_with = "nullable")]
    pub local_datacenter: Option<String>,
    /// Connections per node.
    pub connections_per_node: usize,
    /// Reconnection schedule: first delay and cap.
    pub reconnect_base_delay_millis: u64,
    pub reconnect_max_delay_millis: u64,
    #[serde(deserialize_with = "nullable")]
    pub tls: Option<TlsSettings>,
    /// Keyspace every connection of the session uses (`USE`), for unqualified table names.
    #[serde(deserialize_with = "nullable")]
    pub keyspace: Option<String>,
}

#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TlsSettings {
    /// DER-encoded trusted certificates, base16 (hex) encoded; Java reads its trust store.
    pub trusted_certificates_hex: Vec<String>,
    pub verify_hostname: bool,
    /// Server name to check the certificate against when hostname verification is on.
    #[serde(deserialize_with = "nullable")]
    pub server_name: Option<String>,
    /// Client certificate chain for mutual TLS (DER, hex), leaf first; empty: no client auth.
    pub client_certificate_chain_hex: Vec<String>,
    /// The client certificate's private key (PKCS#8 DER, hex).
    #[serde(deserialize_with = "nullable")]
    pub client_private_key_hex: Option<String>,
}

impl fmt::Debug for ConnectionSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionSettings")
            .field("contact_points", &self.contact_points)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "****"))
            .field("connect_timeout_millis", &self.connect_timeout_millis)
            .field("request_timeout_millis", &self.request_timeout_millis)
            .field("protocol_version", &self.protocol_version)
            .field("compression", &self.compression)
            .field("local_datacenter", &self.local_datacenter)
            .field("connections_per_node", &self.connections_per_node)
            .field(
                "reconnect_base_delay_millis",
                &self.reconnect_base_delay_millis,
            )
            .field(
                "reconnect_max_delay_millis",
                &self.reconnect_max_delay_millis,
            )
            .field("tls", &self.tls)
            .field("keyspace", &self.keyspace)
            .finish()
    }
}

impl fmt::Debug for TlsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsSettings")
            .field("trusted_certificates", &self.trusted_certificates_hex.len())
            .field("verify_hostname", &self.verify_hostname)
            .field("server_name", &self.server_name)
            .field(
                "client_certificates",
                &self.client_certificate_chain_hex.len(),
            )
            .finish()
    }
}

/// An `Option` field that must be present (as a value or `null`): serde would otherwise read a
/// missing `Option` as `None`.
pub fn nullable<'de, D, T>(deserializer: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

impl ConnectionSettings {
    pub fn from_json(json: &str) -> Result<Self> {
        let settings: ConnectionSettings = serde_json::from_str(json)?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<()> {
        if self.contact_points.is_empty() {
            return Err(Error::Config(
                "contactPoints: at least one contact point is required".into(),
            ));
        }
        if self.port == 0 {
            return Err(Error::Config("port: must be between 1 and 65535".into()));
        }
        if !matches!(self.protocol_version, 4 | 5) {
            return Err(Error::Config(format!(
                "protocolVersion: {} is not supported, use 4 or 5",
                self.protocol_version
            )));
        }
        if !matches!(self.compression.as_str(), "none" | "lz4") {
            return Err(Error::Config(format!(
                "compression: '{}' is not supported, use none or lz4",
                self.compression
            )));
        }
        if self.connect_timeout_millis == 0 || self.request_timeout_millis == 0 {
            return Err(Error::Config("timeouts must be positive".into()));
        }
        if self
            .local_datacenter
            .as_deref()
            .is_some_and(|dc| dc.trim().is_empty())
        {
            return Err(Error::Config(
                "localDatacenter: must not be empty when set".into(),
            ));
        }
        if self.reconnect_base_delay_millis == 0
            || self.reconnect_max_delay_millis < self.reconnect_base_delay_millis
        {
            return Err(Error::Config(format!(
                "reconnection delays: need 0 < base <= max, got {} and {} ms",
                self.reconnect_base_delay_millis, self.reconnect_max_delay_millis
            )));
        }
        if let Some(tls) = &self.tls {
            if tls.client_certificate_chain_hex.is_empty() != tls.client_private_key_hex.is_none() {
                return Err(Error::Config(
                    "tls: a client certificate needs its private key and vice versa".into(),
                ));
            }
            self.tls_server_name()?;
        }
        if self.connections_per_node == 0 {
            return Err(Error::Config(
                "connectionsPerNode: must be at least 1".into(),
            ));
        }
        Ok(())
    }

    /// `host:port` for every contact point, using the default port where none is given.
    pub fn addresses(&self) -> Vec<String> {
        self.contact_points
            .iter()
            .map(|cp| {
                if has_port(cp) {
                    cp.clone()
                } else if cp.contains(':') {
                    format!("[{cp}]:{}", self.port)
                } else {
                    format!("{cp}:{}", self.port)
                }
            })
            .collect()
    }

    /// The name the server certificate is checked against (cdrs-tokio uses one for all nodes): the
    /// configured `serverName`, else the first contact point's host (an IP address matches an IP
    /// SAN). An invalid name is a configuration error: falling back to another name (such as
    /// "localhost") would let certificates issued for that name pass.
    pub fn tls_server_name(&self) -> Result<ServerName<'static>> {
        let tls = self.tls.as_ref();
        if let Some(name) = tls.and_then(|t| t.server_name.as_deref()) {
            return ServerName::try_from(name.to_string()).map_err(|_| {
                Error::Config(format!(
                    "tls.serverName: '{name}' is not a valid DNS name or IP address"
                ))
            });
        }
        let first = self.contact_points.first().map_or("", |s| s.as_str());
        let host = host_of(first);
        match ServerName::try_from(host.clone()) {
            Ok(name) => Ok(name),
            // Without host name verification the name only goes into the TLS handshake (SNI) and
            // is never checked, so any syntactically valid placeholder is harmless.
            Err(_) if tls.is_some_and(|t| !t.verify_hostname) => {
                Ok(ServerName::try_from("unverified.invalid")
                    .map_err(|_| Error::Internal("placeholder TLS server name rejected".into()))?)
            }
            Err(_) => Err(Error::Config(format!(
                "contactPoints: the first contact point's host '{host}' is not a valid TLS server \
                 name (DNS name or IP address); set tls.serverName (SSLOptions.withServerName)"
            ))),
        }
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_millis)
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_millis)
    }
}

/// `host:port` or `[v6]:port`, as opposed to a bare host or a bare IPv6 address.
fn has_port(contact_point: &str) -> bool {
    if contact_point.starts_with('[') {
        return contact_point.contains("]:");
    }
    contact_point.matches(':').count() == 1
}

/// The host part of a contact point: `h`, `h:port`, `v6`, `[v6]` or `[v6]:port`.
fn host_of(contact_point: &str) -> String {
    if let Some(rest) = contact_point.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest).to_string();
    }
    match contact_point.matches(':').count() {
        1 => contact_point
            .split(':')
            .next()
            .unwrap_or(contact_point)
            .to_string(),
        _ => contact_point.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A complete document as Java's `ConnectionSettings` writes it, with `overrides` applied
    /// (a `tls` object is completed the same way).
    pub(crate) fn document(overrides: Value) -> String {
        let mut doc = json!({
            "contactPoints": ["127.0.0.1"], "port": 9042, "username": null, "password": null,
            "connectTimeoutMillis": 5000, "requestTimeoutMillis": 12000, "protocolVersion": 4,
            "compression": "none", "localDatacenter": null, "connectionsPerNode": 1,
            "reconnectBaseDelayMillis": 1000, "reconnectMaxDelayMillis": 60000, "tls": null, "keyspace": null
        });
        if let (Some(doc), Value::Object(overrides)) = (doc.as_object_mut(), overrides) {
            for (key, value) in overrides {
                let value = match value {
                    Value::Object(mut tls) if key == "tls" => {
                        for (k, v) in [
                            ("trustedCertificatesHex", json!([])),
                            ("verifyHostname", json!(true)),
                            ("serverName", Value::Null),
                            ("clientCertificateChainHex", json!([])),
                            ("clientPrivateKeyHex", Value::Null),
                        ] {
                            tls.entry(k).or_insert(v);
                        }
                        Value::Object(tls)
                    }
                    other => other,
                };
                doc.insert(key, value);
            }
        }
        doc.to_string()
    }

    fn parse(overrides: Value) -> Result<ConnectionSettings> {
        ConnectionSettings::from_json(&document(overrides))
    }

    #[test]
    fn parses_a_complete_document() {
        let s = parse(json!({})).unwrap();
        assert_eq!(s.addresses(), vec!["127.0.0.1:9042"]);
        assert_eq!(s.connect_timeout(), Duration::from_secs(5));
        assert_eq!(s.protocol_version, 4);
    }

    #[test]
    fn every_field_is_required_and_a_missing_one_is_named() {
        let complete: Value = serde_json::from_str(&document(json!({}))).unwrap();
        for field in complete.as_object().unwrap().keys() {
            let mut partial = complete.clone();
            partial.as_object_mut().unwrap().remove(field);
            let e = ConnectionSettings::from_json(&partial.to_string()).unwrap_err();
            assert_eq!(crate::wire::code(&e), "CONFIG");
            assert!(
                e.to_string().contains(&format!("missing field `{field}`")),
                "{field}: {e}"
            );
        }
    }

    #[test]
    fn keeps_explicit_ports_and_brackets_ipv6() {
        let s = parse(json!({"contactPoints": ["a:1", "::1", "[::2]:3"]})).unwrap();
        assert_eq!(s.addresses(), vec!["a:1", "[::1]:9042", "[::2]:3"]);
    }

    #[test]
    fn rejects_bad_settings_naming_the_setting() {
        let e = parse(json!({"contactPoints": []})).unwrap_err();
        assert!(e.to_string().contains("contactPoints"), "{e}");
        let e = parse(json!({"protocolVersion": 3})).unwrap_err();
        assert!(e.to_string().contains("protocolVersion"), "{e}");
        let e = parse(json!({"bogus": 1})).unwrap_err();
        assert_eq!(crate::wire::code(&e), "CONFIG");
        let e = parse(json!({"localDatacenter": " "})).unwrap_err();
        assert!(e.to_string().contains("localDatacenter"), "{e}");
    }

    #[test]
    fn rejects_an_invalid_tls_server_name_naming_setting_and_value() {
        let e = parse(json!({"tls": {"serverName": "not a host!"}})).unwrap_err();
        assert_eq!(crate::wire::code(&e), "CONFIG");
        assert!(e.to_string().contains("serverName"), "{e}");
        assert!(e.to_string().contains("'not a host!'"), "{e}");
        // Without a server name the first contact point is checked; a bad one is named too.
        let e = parse(json!({"contactPoints": ["bad_host!:9042"], "tls": {}})).unwrap_err();
        assert!(e.to_string().contains("contactPoints"), "{e}");
        assert!(e.to_string().contains("'bad_host!'"), "{e}");
    }

    #[test]
    fn accepts_valid_tls_server_names() {
        // Valid names: DNS names, IPv4 and IPv6 literals (bracketed contact points too).
        for overrides in [
            json!({"tls": {"serverName": "cassandra.example.com"}}),
            json!({"contactPoints": ["[::1]:9042"], "tls": {}}),
            json!({"contactPoints": ["node-1.example.com"], "tls": {}}),
        ] {
            let s = parse(overrides.clone()).unwrap();
            assert!(s.tls_server_name().is_ok(), "{overrides}");
        }
        // An unverified host name is not checked, so any contact point works without a name.
        let s = parse(json!({"contactPoints": ["bad_host!"], "tls": {"verifyHostname": false}}))
            .unwrap();
        assert!(s.tls_server_name().is_ok());
    }

    #[test]
    fn debug_output_hides_the_password() {
        let s = parse(json!({"username": "u", "password": "s3cr3t"})).unwrap();
        let text = format!("{s:?}");
        assert!(text.contains("\"u\""), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
    }
}
