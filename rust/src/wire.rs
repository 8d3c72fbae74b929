//! The JNI contract, Rust side: every number and name that Java must agree with lives here and
//! in Java's `internal.nativelib.NativeContract` (compared by `NativeContractTest` through
//! [`contract`]). Also the row layout that crosses JNI, both ways:
//! `[u32 rows]{[u16 cols]{[i32 len | -1 null | -2 unset][bytes]}*}*`, big-endian.

use crate::error::{Error, Result};
use crate::session::RowsResult;
use cdrs_tokio::types::value::Value;
use cdrs_tokio::types::CBytes;

/// Bumped whenever anything below (or a native method's signature) changes meaning; Java refuses
/// a library whose version differs from its own.
pub const ABI_VERSION: i32 = 3;

/// Cell length marking a null value in the row layout.
pub const NULL: i32 = -1;
/// Cell length marking an unset bind value (the column is left untouched).
pub const UNSET: i32 = -2;
/// Paging-state length marking "no more pages" at the end of a result.
pub const NO_PAGING_STATE: i32 = -1;

/// `submit`'s timestamp argument: the server assigns the write time.
pub const SERVER_TIMESTAMP: i64 = i64::MIN;
/// `submit`'s timestamp argument: each row gets the next client-side monotonic timestamp.
pub const CLIENT_TIMESTAMP: i64 = i64::MIN + 1;
/// `submit`'s answer when the queue stayed full for the whole wait.
pub const QUEUE_FULL: i32 = -1;
/// `submit`'s answer when earlier writes failed: call `raiseFailures`, then submit again.
pub const FAILURES_PENDING: i32 = -2;
/// `flush`'s answers.
pub const FLUSH_DONE: i32 = 0;
pub const FLUSH_PENDING: i32 = 1;
pub const FLUSH_TIMED_OUT: i32 = 2;
pub const FLUSH_FAILURES_PENDING: i32 = 3;

/// The writer's counters, in the order of the metrics array Java passes to `submit`/`flush`.
pub const METRIC_ROWS_SENT: usize = 0;
pub const METRIC_BATCHES_SUBMITTED: usize = 1;
pub const METRIC_BYTES_SUBMITTED: usize = 2;
pub const METRIC_RETRIES: usize = 3;
pub const METRIC_FAILURES: usize = 4;
pub const METRIC_IN_FLIGHT: usize = 5;
pub const METRIC_LATENCY_MICROS_TOTAL: usize = 6;
pub const METRIC_LATENCY_MICROS_MAX: usize = 7;
pub const METRIC_HELD_ROWS: usize = 8;
pub const METRIC_HELD_BYTES: usize = 9;
pub const METRIC_MAX_HELD_ROWS: usize = 10;
pub const METRIC_MAX_HELD_BYTES: usize = 11;
/// Length of the metrics array.
pub const METRIC_FIELDS: usize = 12;
/// Length of the latency histogram; bucket `i` counts requests under `2^i` µs.
pub const LATENCY_BUCKETS: usize = 32;

/// Log levels passed both ways (`initLogging`'s maximum, each forwarded record's level).
pub const LOG_OFF: i32 = 0;
pub const LOG_ERROR: i32 = 1;
pub const LOG_WARN: i32 = 2;
pub const LOG_INFO: i32 = 3;
pub const LOG_DEBUG: i32 = 4;
pub const LOG_TRACE: i32 = 5;

/// Error codes: the names of Java's `CassandraConnectorException.Code` that native code raises
/// (Java alone raises `NATIVE_LIBRARY` and `INVALID_VALUE`).
pub mod codes {
    pub const CONNECTION: &str = "CONNECTION";
    pub const AUTH: &str = "AUTH";
    pub const INVALID_QUERY: &str = "INVALID_QUERY";
    pub const WRITE_TIMEOUT: &str = "WRITE_TIMEOUT";
    pub const READ_TIMEOUT: &str = "READ_TIMEOUT";
    pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
    pub const UNAVAILABLE: &str = "UNAVAILABLE";
    pub const OVERLOADED: &str = "OVERLOADED";
    pub const CONFIG: &str = "CONFIG";
    pub const CLOSED: &str = "CLOSED";
    pub const SERVER: &str = "SERVER";
    pub const INTERNAL: &str = "INTERNAL";
    /// Every code above, for the contract check.
    pub const ALL: [&str; 12] = [
        CONNECTION,
        AUTH,
        INVALID_QUERY,
        WRITE_TIMEOUT,
        READ_TIMEOUT,
        REQUEST_TIMEOUT,
        UNAVAILABLE,
        OVERLOADED,
        CONFIG,
        CLOSED,
        SERVER,
        INTERNAL,
    ];
}

/// The code `error` crosses JNI with: the name of the matching `CassandraConnectorException.Code`.
pub fn code(error: &Error) -> &'static str {
    match error {
        Error::Connection(_) => codes::CONNECTION,
        Error::Auth(_) => codes::AUTH,
        Error::InvalidQuery(_) | Error::AlreadyExists(_) => codes::INVALID_QUERY,
        Error::WriteTimeout(_) => codes::WRITE_TIMEOUT,
        Error::ReadTimeout(_) => codes::READ_TIMEOUT,
        Error::RequestTimeout(_) => codes::REQUEST_TIMEOUT,
        Error::Unavailable(_) => codes::UNAVAILABLE,
        Error::Overloaded(_) => codes::OVERLOADED,
        Error::Config(_) => codes::CONFIG,
        Error::Closed(_) => codes::CLOSED,
        Error::Server(_) => codes::SERVER,
        Error::Jni(_) | Error::Internal(_) => codes::INTERNAL,
    }
}

/// Every constant above as `name=value` lines, for Java's contract test (`NativeLibrary.contract`).
pub fn contract() -> String {
    let numbers: [(&str, i64); 32] = [
        ("ABI_VERSION", ABI_VERSION.into()),
        ("NULL", NULL.into()),
        ("UNSET", UNSET.into()),
        ("NO_PAGING_STATE", NO_PAGING_STATE.into()),
        ("SERVER_TIMESTAMP", SERVER_TIMESTAMP),
        ("CLIENT_TIMESTAMP", CLIENT_TIMESTAMP),
        ("QUEUE_FULL", QUEUE_FULL.into()),
        ("FAILURES_PENDING", FAILURES_PENDING.into()),
        ("FLUSH_DONE", FLUSH_DONE.into()),
        ("FLUSH_PENDING", FLUSH_PENDING.into()),
        ("FLUSH_TIMED_OUT", FLUSH_TIMED_OUT.into()),
        ("FLUSH_FAILURES_PENDING", FLUSH_FAILURES_PENDING.into()),
        ("METRIC_ROWS_SENT", METRIC_ROWS_SENT as i64),
        ("METRIC_BATCHES_SUBMITTED", METRIC_BATCHES_SUBMITTED as i64),
        ("METRIC_BYTES_SUBMITTED", METRIC_BYTES_SUBMITTED as i64),
        ("METRIC_RETRIES", METRIC_RETRIES as i64),
        ("METRIC_FAILURES", METRIC_FAILURES as i64),
        ("METRIC_IN_FLIGHT", METRIC_IN_FLIGHT as i64),
        (
            "METRIC_LATENCY_MICROS_TOTAL",
            METRIC_LATENCY_MICROS_TOTAL as i64,
        ),
        (
            "METRIC_LATENCY_MICROS_MAX",
            METRIC_LATENCY_MICROS_MAX as i64,
        ),
        ("METRIC_HELD_ROWS", METRIC_HELD_ROWS as i64),
        ("METRIC_HELD_BYTES", METRIC_HELD_BYTES as i64),
        ("METRIC_MAX_HELD_ROWS", METRIC_MAX_HELD_ROWS as i64),
        ("METRIC_MAX_HELD_BYTES", METRIC_MAX_HELD_BYTES as i64),
        ("METRIC_FIELDS", METRIC_FIELDS as i64),
        ("LATENCY_BUCKETS", LATENCY_BUCKETS as i64),
        ("LOG_OFF", LOG_OFF.into()),
        ("LOG_ERROR", LOG_ERROR.into()),
        ("LOG_WARN", LOG_WARN.into()),
        ("LOG_INFO", LOG_INFO.into()),
        ("LOG_DEBUG", LOG_DEBUG.into()),
        ("LOG_TRACE", LOG_TRACE.into()),
    ];
    let mut out = String::new();
    for (name, value) in numbers {
        out.push_str(&format!("{name}={value}\n"));
    }
    out.push_str(&format!("ERROR_CODES={}\n", codes::ALL.join(",")));
    out
}

/// Parses rows written by Java's `RowBuffer` into owned values, so Java may reuse its buffer.
pub fn parse_rows(buffer: &[u8]) -> Result<Vec<Vec<Value>>> {
    let mut reader = Reader {
        buffer,
        position: 0,
    };
    let row_count = reader.u32()? as usize;
    // Each row needs at least its u16 column count: cap the allocation by what the buffer holds.
    let mut rows = Vec::with_capacity(row_count.min(buffer.len() / 2));
    for _ in 0..row_count {
        let columns = reader.u16()? as usize;
        let mut row = Vec::with_capacity(columns);
        for _ in 0..columns {
            let length = reader.i32()?;
            row.push(match length {
                NULL => Value::Null,
                UNSET => Value::NotSet,
                n if n >= 0 => Value::Some(reader.bytes(n as usize)?.to_vec()),
                n => return Err(reader.corrupt(&format!("negative length {n}"))),
            });
        }
        rows.push(row);
    }
    if reader.position != buffer.len() {
        return Err(reader.corrupt("trailing bytes after the last row"));
    }
    Ok(rows)
}

/// Appends rows read from Cassandra in the same layout (cells are never "unset" here).
pub fn put_rows(out: &mut Vec<u8>, rows: &[Vec<CBytes>]) {
    out.extend_from_slice(&(rows.len() as u32).to_be_bytes());
    for row in rows {
        out.extend_from_slice(&(row.len() as u16).to_be_bytes());
        for cell in row {
            match cell.as_slice() {
                Some(bytes) => {
                    out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
                    out.extend_from_slice(bytes);
                }
                None => out.extend_from_slice(&NULL.to_be_bytes()),
            }
        }
    }
}

/// A result as Java's `QueryResult` reads it:
/// `[columns (statements::put_columns)][rows][i32 paging-state length | NO_PAGING_STATE][bytes]`.
pub fn encode_result(rows: &RowsResult) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + rows.rows.len() * 32);
    crate::statements::put_columns(&mut out, &rows.columns, None);
    put_rows(&mut out, &rows.rows);
    match &rows.paging_state {
        Some(state) => {
            out.extend_from_slice(&(state.len() as i32).to_be_bytes());
            out.extend_from_slice(state);
        }
        None => out.extend_from_slice(&NO_PAGING_STATE.to_be_bytes()),
    }
    out
}

struct Reader<'a> {
    buffer: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .position
            .checked_add(n)
            .filter(|end| *end <= self.buffer.len())
            .ok_or_else(|| self.corrupt(&format!("{n} bytes announced, fewer present")))?;
        let slice = &self.buffer[self.position..end];
        self.position = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i32(&mut self) -> Result<i32> {
        Ok(self.u32()? as i32)
    }

    fn corrupt(&self, what: &str) -> Error {
        Error::Internal(format!(
            "malformed row buffer at byte {} of {}: {what}",
            self.position,
            self.buffer.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_nulls_and_unsets() {
        let mut buf = vec![0, 0, 0, 1, 0, 3];
        buf.extend_from_slice(&[0, 0, 0, 2, 0xAB, 0xCD]);
        buf.extend_from_slice(&(-1i32).to_be_bytes());
        buf.extend_from_slice(&(-2i32).to_be_bytes());
        let rows = parse_rows(&buf).unwrap();
        assert_eq!(
            rows,
            vec![vec![
                Value::Some(vec![0xAB, 0xCD]),
                Value::Null,
                Value::NotSet
            ]]
        );
    }

    #[test]
    fn rejects_truncated_buffers_with_position() {
        let buf = vec![0, 0, 0, 1, 0, 1, 0, 0, 0, 9, 1];
        let err = parse_rows(&buf).unwrap_err();
        assert!(err.to_string().contains("9 bytes announced"), "{err}");
    }

    #[test]
    fn contract_lists_each_constant_once() {
        let text = contract();
        let names: Vec<&str> = text.lines().filter_map(|l| l.split('=').next()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "{text}");
        assert!(text.contains("METRIC_FIELDS=12\n"), "{text}");
        assert!(text.contains("ERROR_CODES=CONNECTION,AUTH,"), "{text}");
    }

    #[test]
    fn round_trips_read_rows() {
        let mut out = Vec::new();
        put_rows(&mut out, &[vec![CBytes::new(vec![7]), CBytes::new_null()]]);
        assert_eq!(
            out,
            vec![0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 7, 0xFF, 0xFF, 0xFF, 0xFF]
        );
    }
}
