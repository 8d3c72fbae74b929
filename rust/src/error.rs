//! One error type for the whole native core. Every variant maps to one Java exception class
//! through its code (`wire::code`, whose names equal `CassandraConnectorException.Code`).
//! Driver errors are classified by their kind and the server's error code, never by the words
//! of their messages.

use cdrs_tokio::error::Error as CdrsError;
use cdrs_tokio::frame::message_error::ErrorType;
use std::fmt;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    Connection(String),
    Auth(String),
    InvalidQuery(String),
    /// The server refused to create what already exists (error code 0x2400); reaches Java as an
    /// invalid query.
    AlreadyExists(String),
    WriteTimeout(String),
    ReadTimeout(String),
    /// No answer within the client-side request timeout (the server may still apply the request).
    RequestTimeout(String),
    Unavailable(String),
    Overloaded(String),
    Config(String),
    Closed(String),
    Server(String),
    Jni(String),
    Internal(String),
}

impl Error {
    pub fn message(&self) -> &str {
        match self {
            Error::Connection(m)
            | Error::Auth(m)
            | Error::InvalidQuery(m)
            | Error::AlreadyExists(m)
            | Error::WriteTimeout(m)
            | Error::ReadTimeout(m)
            | Error::RequestTimeout(m)
            | Error::Unavailable(m)
            | Error::Overloaded(m)
            | Error::Config(m)
            | Error::Closed(m)
            | Error::Server(m)
            | Error::Jni(m)
            | Error::Internal(m) => m,
        }
    }

    /// Whether the same request may succeed when sent again: the server was busy or a
    /// connection broke, but the request itself was fine.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Connection(_)
                | Error::WriteTimeout(_)
                | Error::ReadTimeout(_)
                | Error::RequestTimeout(_)
                | Error::Unavailable(_)
                | Error::Overloaded(_)
        )
    }

    /// The same error with `context` (what we were doing) put in front of its message.
    pub fn context(self, context: impl fmt::Display) -> Error {
        let wrap = |m: String| format!("{context}: {m}");
        match self {
            Error::Connection(m) => Error::Connection(wrap(m)),
            Error::Auth(m) => Error::Auth(wrap(m)),
            Error::InvalidQuery(m) => Error::InvalidQuery(wrap(m)),
            Error::AlreadyExists(m) => Error::AlreadyExists(wrap(m)),
            Error::WriteTimeout(m) => Error::WriteTimeout(wrap(m)),
            Error::ReadTimeout(m) => Error::ReadTimeout(wrap(m)),
            Error::RequestTimeout(m) => Error::RequestTimeout(wrap(m)),
            Error::Unavailable(m) => Error::Unavailable(wrap(m)),
            Error::Overloaded(m) => Error::Overloaded(wrap(m)),
            Error::Config(m) => Error::Config(wrap(m)),
            Error::Closed(m) => Error::Closed(wrap(m)),
            Error::Server(m) => Error::Server(wrap(m)),
            Error::Jni(m) => Error::Jni(wrap(m)),
            Error::Internal(m) => Error::Internal(wrap(m)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

impl From<CdrsError> for Error {
    fn from(error: CdrsError) -> Self {
        match error {
            CdrsError::Server { body, addr } => {
                let text = format!("{} (from {addr})", body.message);
                match body.ty {
                    ErrorType::Authentication | ErrorType::Unauthorized => Error::Auth(text),
                    ErrorType::AlreadyExists(_) => Error::AlreadyExists(text),
                    ErrorType::Syntax | ErrorType::Invalid | ErrorType::Config => {
                        Error::InvalidQuery(text)
                    }
                    ErrorType::Unavailable(u) => Error::Unavailable(format!(
                        "{text}: consistency {:?} needs {} replicas, {} alive",
                        u.cl, u.required, u.alive
                    )),
                    ErrorType::Overloaded | ErrorType::IsBootstrapping => Error::Overloaded(text),
                    ErrorType::WriteTimeout(w) => Error::WriteTimeout(format!(
                        "{text}: {} of {} replicas acknowledged at {:?}",
                        w.received, w.block_for, w.cl
                    )),
                    ErrorType::ReadTimeout(r) => Error::ReadTimeout(format!(
                        "{text}: {} of {} replicas answered at {:?}",
                        r.received, r.block_for, r.cl
                    )),
                    _ => Error::Server(text),
                }
            }
            CdrsError::Io(e) => Error::Connection(format!("I/O error: {e}")),
            // cdrs-tokio's own timeouts are waits for a connection (its pool's connect timeout).
            CdrsError::Timeout(m) => Error::Connection(format!("timed out: {m}")),
            CdrsError::InvalidProtocol(addr) => Error::Connection(format!(
                "{addr} does not speak the configured protocol version"
            )),
            CdrsError::UnexpectedAuthResponse(_) => Error::Auth(error.to_string()),
            // cdrs-tokio reports transport failures as general errors: no node left in the
            // query plan, no open connection to a node, a connection closed mid-request. (The
            // one general error of authentication, a server asking for credentials when none
            // are configured, is recognised by the connect probe, which knows it asked.)
            CdrsError::General(m) => Error::Connection(m),
            // Frames the driver could not decode: the server's answer was not what we expected.
            other => Error::Server(other.to_string()),
        }
    }
}

impl From<jni::errors::Error> for Error {
    fn from(error: jni::errors::Error) -> Self {
        Error::Jni(error.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Config(format!("invalid settings document: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdrs_tokio::consistency::Consistency;
    use cdrs_tokio::frame::message_error::{
        AlreadyExistsError, ErrorBody, UnavailableError, WriteTimeoutError, WriteType,
    };
    use std::net::SocketAddr;

    #[test]
    fn transient_errors_are_the_retryable_kinds() {
        assert!(Error::WriteTimeout("x".into()).is_transient());
        assert!(Error::Overloaded("x".into()).is_transient());
        assert!(!Error::InvalidQuery("x".into()).is_transient());
        assert!(!Error::Auth("x".into()).is_transient());
    }

    #[test]
    fn context_keeps_the_kind_and_prefixes_the_message() {
        let e = Error::Unavailable("2 needed".into()).context("writing ks.t");
        assert!(matches!(e, Error::Unavailable(_)), "{e:?}");
        assert_eq!(e.to_string(), "writing ks.t: 2 needed");
    }

    fn server(ty: ErrorType, message: &str) -> Error {
        Error::from(CdrsError::Server {
            body: ErrorBody {
                message: message.into(),
                ty,
            },
            addr: SocketAddr::from(([127, 0, 0, 1], 9042)),
        })
    }

    #[test]
    fn server_errors_are_classified_by_their_code_not_their_words() {
        // Messages that name another kind: only the code decides.
        let cases = [
            (0x0100, "connection refused by authenticator"),
            (0x2100, "node has no permission"),
            (0x2000, "authentication syntax"),
            (0x2200, "connect to unknown keyspace"),
            (0x2300, "credentials"),
            (0x1001, "auth overloaded"),
            (0x1002, "bootstrapping node"),
            (0x0000, "authentication connect node"),
            (0x000A, "node protocol"),
            (0x1003, "connect truncate"),
        ];
        let kinds: Vec<Error> = cases
            .iter()
            .map(|(code, message)| {
                let bytes: &[u8] = &[];
                let ty = ErrorType::from_cursor_with_code(
                    &mut std::io::Cursor::new(bytes),
                    *code,
                    cdrs_tokio::frame::Version::V4,
                )
                .map_err(|e| format!("{code:#x}: {e}"));
                match ty {
                    Ok(ty) => server(ty, message),
                    Err(e) => Error::Internal(e),
                }
            })
            .collect();
        let names: Vec<&str> = kinds.iter().map(kind).collect();
        assert_eq!(
            names,
            [
                "Auth",
                "Auth",
                "InvalidQuery",
                "InvalidQuery",
                "InvalidQuery",
                "Overloaded",
                "Overloaded",
                "Server",
                "Server",
                "Server"
            ]
        );
        assert!(kinds[0].to_string().contains("(from 127.0.0.1:9042)"));
    }

    #[test]
    fn server_timeouts_and_unavailable_keep_their_details() {
        let write = server(
            ErrorType::WriteTimeout(WriteTimeoutError {
                cl: Consistency::LocalQuorum,
                received: 1,
                block_for: 2,
                write_type: WriteType::Simple,
                contentions: None,
            }),
            "Operation timed out",
        );
        assert_eq!(kind(&write), "WriteTimeout");
        assert!(write.to_string().contains("1 of 2 replicas"), "{write}");
        // [consistency ONE][received 0][block_for 1][data_present 0], as the server sends it.
        let body: &[u8] = &[0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0];
        let read = ErrorType::from_cursor_with_code(
            &mut std::io::Cursor::new(body),
            0x1200,
            cdrs_tokio::frame::Version::V4,
        )
        .map(|ty| server(ty, "x"))
        .unwrap_or_else(|e| Error::Internal(e.to_string()));
        assert_eq!(kind(&read), "ReadTimeout");
        let unavailable = server(
            ErrorType::Unavailable(UnavailableError {
                cl: Consistency::Quorum,
                required: 2,
                alive: 1,
            }),
            "x",
        );
        assert_eq!(kind(&unavailable), "Unavailable");
        assert!(unavailable
            .to_string()
            .contains("needs 2 replicas, 1 alive"));
        let exists = server(
            ErrorType::AlreadyExists(AlreadyExistsError {
                ks: "ks".into(),
                table: "t".into(),
            }),
            "Cannot add existing table",
        );
        assert_eq!(kind(&exists), "AlreadyExists");
    }

    #[test]
    fn driver_errors_are_classified_by_their_kind_not_their_words() {
        let general = Error::from(CdrsError::General("authentication node".into()));
        assert_eq!(kind(&general), "Connection");
        let io = Error::from(CdrsError::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "credentials",
        )));
        assert_eq!(kind(&io), "Connection");
        let timeout = Error::from(CdrsError::Timeout("waiting for connection".into()));
        assert_eq!(kind(&timeout), "Connection");
        let auth = Error::from(CdrsError::UnexpectedAuthResponse(
            cdrs_tokio::frame::Opcode::Ready,
        ));
        assert_eq!(kind(&auth), "Auth");
        let decode = Error::from(CdrsError::UnexpectedResultKind(42));
        assert_eq!(kind(&decode), "Server");
    }

    #[test]
    fn a_client_side_request_timeout_is_its_own_transient_kind() {
        let e = Error::RequestTimeout("no response".into()).context("writing ks.t");
        assert!(matches!(e, Error::RequestTimeout(_)), "{e:?}");
        assert!(e.is_transient());
    }

    /// The variant's name.
    fn kind(error: &Error) -> &'static str {
        match error {
            Error::Connection(_) => "Connection",
            Error::Auth(_) => "Auth",
            Error::InvalidQuery(_) => "InvalidQuery",
            Error::AlreadyExists(_) => "AlreadyExists",
            Error::WriteTimeout(_) => "WriteTimeout",
            Error::ReadTimeout(_) => "ReadTimeout",
            Error::RequestTimeout(_) => "RequestTimeout",
            Error::Unavailable(_) => "Unavailable",
            Error::Overloaded(_) => "Overloaded",
            Error::Config(_) => "Config",
            Error::Closed(_) => "Closed",
            Error::Server(_) => "Server",
            Error::Jni(_) => "Jni",
            Error::Internal(_) => "Internal",
        }
    }
}
