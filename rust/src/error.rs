//! One error type for the whole native core. Every variant maps to one Java exception class
//! (through [`Error::code`], whose names equal `CassandraConnectorException.Code`).

use crate::wire::codes;
use cdrs_tokio::error::Error as CdrsError;
use cdrs_tokio::frame::message_error::ErrorType;
use std::fmt;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    Connection(String),
    Auth(String),
    InvalidQuery(String),
    WriteTimeout(String),
    ReadTimeout(String),
    Unavailable(String),
    Overloaded(String),
    Config(String),
    Closed(String),
    Server(String),
    Jni(String),
    Internal(String),
}

impl Error {
    /// The name of the matching `CassandraConnectorException.Code` on the Java side.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Connection(_) => codes::CONNECTION,
            Error::Auth(_) => codes::AUTH,
            Error::InvalidQuery(_) => codes::INVALID_QUERY,
            Error::WriteTimeout(_) => codes::WRITE_TIMEOUT,
            Error::ReadTimeout(_) => codes::READ_TIMEOUT,
            Error::Unavailable(_) => codes::UNAVAILABLE,
            Error::Overloaded(_) => codes::OVERLOADED,
            Error::Config(_) => codes::CONFIG,
            Error::Closed(_) => codes::CLOSED,
            Error::Server(_) => codes::SERVER,
            Error::Jni(_) | Error::Internal(_) => codes::INTERNAL,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Error::Connection(m)
            | Error::Auth(m)
            | Error::InvalidQuery(m)
            | Error::WriteTimeout(m)
            | Error::ReadTimeout(m)
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
            Error::WriteTimeout(m) => Error::WriteTimeout(wrap(m)),
            Error::ReadTimeout(m) => Error::ReadTimeout(wrap(m)),
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
                    ErrorType::Syntax
                    | ErrorType::Invalid
                    | ErrorType::AlreadyExists(_)
                    | ErrorType::Config => Error::InvalidQuery(text),
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
            CdrsError::Timeout(m) => Error::Connection(format!("timed out: {m}")),
            other => {
                let text = other.to_string();
                // cdrs reports "no node answered" and authentication problems as general errors.
                let lower = text.to_ascii_lowercase();
                if lower.contains("auth") || lower.contains("credential") {
                    Error::Auth(text)
                } else if lower.contains("connect") || lower.contains("node") {
                    Error::Connection(text)
                } else {
                    Error::Server(text)
                }
            }
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
        assert_eq!(e.code(), "UNAVAILABLE");
        assert_eq!(e.to_string(), "writing ks.t: 2 needed");
    }
}
