//! TLS: the rustls client configuration from the certificates Java read, and the verifier used
//! when host name verification is off.

use crate::config::TlsSettings;
use crate::error::{Error, Result};
use std::sync::Arc;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::ServerName;

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
pub(super) fn tls_client_config(tls: &TlsSettings) -> Result<Arc<rustls::ClientConfig>> {
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
