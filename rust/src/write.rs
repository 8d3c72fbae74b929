//! The write pipeline: rows submitted by Java are sent as individual prepared executions, at
//! most `max_in_flight` at once (the window is the backpressure), retried with exponential
//! backoff and jitter when the failure is transient. Failures are kept until the next `submit`
//! or `flush` reports them, so Java sees every failure exactly once.

use crate::error::{Error, Result};
use crate::runtime::RuntimeRef;
use crate::session::Session;
use crate::statements::Statement;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use serde::Deserialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WriterConfig {
    #[serde(default = "default_max_in_flight")]
    pub max_in_flight: usize,
    #[serde(default = "default_max_retries")]
    pub max_retries: u32,
    #[serde(default = "default_retry_base_ms")]
    pub retry_base_delay_ms: u64,
    #[serde(default = "default_retry_max_ms")]
    pub retry_max_delay_ms: u64,
    /// A CQL consistency name such as `LOCAL_QUORUM`.
    #[serde(default = "default_consistency")]
    pub consistency: String,
    #[serde(default)]
    pub serial_consistency: Option<String>,
    /// Only idempotent statements are retried after a timeout.
    #[serde(default = "default_true")]
    pub idempotent: bool,
    /// How long `submit` may wait for room in the window before failing.
    #[serde(default = "default_max_wait_ms")]
    pub max_wait_ms: u64,
}

fn default_max_in_flight() -> usize {
    256
}
fn default_max_retries() -> u32 {
    3
}
fn default_retry_base_ms() -> u64 {
    100
}
fn default_retry_max_ms() -> u64 {
    5_000
}
fn default_consistency() -> String {
    "LOCAL_ONE".to_string()
}
fn default_true() -> bool {
    true
}
fn default_max_wait_ms() -> u64 {
    120_000
}

impl WriterConfig {
    pub fn from_json(json: &str) -> Result<WriterConfig> {
        let config: WriterConfig = serde_json::from_str(json)?;
        if config.max_in_flight == 0 || config.max_in_flight > u32::MAX as usize {
            return Err(Error::Config(format!(
                "maxConcurrentRequests: {} is out of range (1 to {})",
                config.max_in_flight,
                u32::MAX
            )));
        }
        parse_consistency(&config.consistency)?;
        if let Some(serial) = &config.serial_consistency {
            parse_consistency(serial)?;
        }
        Ok(config)
    }

    /// The delay before retry number `attempt` (1-based): exponential, capped, with jitter.
    pub fn backoff(&self, attempt: u32, jitter_seed: u64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .retry_base_delay_ms
            .saturating_mul(1 << exponent)
            .min(self.retry_max_delay_ms);
        // "Equal jitter": half fixed, half random, so retries of many writes spread out.
        let half = ceiling / 2;
        let random = if half == 0 {
            0
        } else {
            xorshift(jitter_seed) % (half + 1)
        };
        Duration::from_millis(half + random)
    }
}

/// A consistency level by its CQL name (`LOCAL_QUORUM`, case-insensitive).
pub fn parse_consistency(name: &str) -> Result<Consistency> {
    Ok(match name.to_ascii_uppercase().as_str() {
        "ANY" => Consistency::Any,
        "ONE" => Consistency::One,
        "TWO" => Consistency::Two,
        "THREE" => Consistency::Three,
        "QUORUM" => Consistency::Quorum,
        "ALL" => Consistency::All,
        "LOCAL_QUORUM" => Consistency::LocalQuorum,
        "EACH_QUORUM" => Consistency::EachQuorum,
        "SERIAL" => Consistency::Serial,
        "LOCAL_SERIAL" => Consistency::LocalSerial,
        "LOCAL_ONE" => Consistency::LocalOne,
        _ => {
            return Err(Error::Config(format!(
                "consistency: unknown level '{name}' (use ANY, ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, SERIAL, LOCAL_SERIAL or LOCAL_ONE)"
            )))
        }
    })
}

fn xorshift(seed: u64) -> u64 {
    let mut x = seed | 1;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// The write time of each row of one submit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timestamps {
    /// The server assigns it.
    Server,
    /// Row `i` is written at `first + i * step` µs: with step 1, a later row of the same key wins.
    Explicit { first: i64, step: i64 },
}

impl Timestamps {
    pub fn of_row(self, index: usize) -> Option<i64> {
        match self {
            Timestamps::Server => None,
            Timestamps::Explicit { first, step } => {
                Some(first.saturating_add((index as i64).saturating_mul(step)))
            }
        }
    }
}

/// Counters read by Java's metric gauges.
#[derive(Default)]
pub struct WriterMetrics {
    pub rows_sent: AtomicU64,
    pub batches_submitted: AtomicU64,
    pub bytes_submitted: AtomicU64,
    pub retries: AtomicU64,
    pub failures: AtomicU64,
    pub latency_micros_total: AtomicU64,
    pub latency_micros_max: AtomicU64,
    /// Bucket `i` counts requests that took less than `2^i` µs (and at least `2^(i-1)`).
    pub latency_buckets: [AtomicU64; LATENCY_BUCKETS],
}

pub const LATENCY_BUCKETS: usize = 32;

/// The latency bucket of a request that took `micros`.
pub fn latency_bucket(micros: u64) -> usize {
    ((u64::BITS - micros.leading_zeros()) as usize).min(LATENCY_BUCKETS - 1)
}

#[derive(Default)]
struct Failures {
    first: Option<Error>,
    more: u64,
}

pub struct Writer {
    session: Arc<Session>,
    statement: Arc<Statement>,
    config: Arc<WriterConfig>,
    consistency: Consistency,
    serial_consistency: Option<Consistency>,
    window: Arc<Semaphore>,
    failures: Arc<Mutex<Failures>>,
    pub metrics: Arc<WriterMetrics>,
}

impl Writer {
    pub fn new(
        session: Arc<Session>,
        statement: Arc<Statement>,
        config: WriterConfig,
    ) -> Result<Writer> {
        let consistency = parse_consistency(&config.consistency)?;
        let serial_consistency = config
            .serial_consistency
            .as_deref()
            .map(parse_consistency)
            .transpose()?;
        Ok(Writer {
            session,
            statement,
            window: Arc::new(Semaphore::new(config.max_in_flight)),
            config: Arc::new(config),
            consistency,
            serial_consistency,
            failures: Arc::new(Mutex::new(Failures::default())),
            metrics: Arc::new(WriterMetrics::default()),
        })
    }

    pub fn in_flight(&self) -> usize {
        self.config.max_in_flight - self.window.available_permits()
    }

    /// Starts writing `rows`; returns once each has a slot in the window. Failures of earlier
    /// writes are reported by [`raise_failures`](Self::raise_failures) and `flush`, never here,
    /// so an error from `submit` itself means this call's rows were not all accepted.
    pub fn submit(
        &self,
        runtime: &RuntimeRef,
        rows: Vec<Vec<Value>>,
        timestamps: Timestamps,
        bytes: usize,
    ) -> Result<usize> {
        let count = rows.len();
        for (index, row) in rows.into_iter().enumerate() {
            if row.len() != self.statement.variable_count {
                return Err(Error::Internal(format!(
                    "'{}' takes {} values, the row buffer had {}",
                    self.statement.query,
                    self.statement.variable_count,
                    row.len()
                )));
            }
            let permit = match self.window.clone().try_acquire_owned() {
                Ok(permit) => permit,
                Err(_) => self.wait_for_room(runtime)?,
            };
            let task = self.write_task(row, timestamps.of_row(index));
            runtime.handle().spawn(async move {
                task.await;
                drop(permit);
            });
        }
        self.metrics
            .batches_submitted
            .fetch_add(1, Ordering::Relaxed);
        self.metrics
            .bytes_submitted
            .fetch_add(bytes as u64, Ordering::Relaxed);
        Ok(count)
    }

    fn wait_for_room(&self, runtime: &RuntimeRef) -> Result<tokio::sync::OwnedSemaphorePermit> {
        let window = self.window.clone();
        runtime.block_on_timeout(
            Duration::from_millis(self.config.max_wait_ms),
            async move {
                window
                    .acquire_owned()
                    .await
                    .map_err(|_| Error::Closed("the writer is closed".into()))
            },
            || {
                Error::WriteTimeout(format!(
                    "no write to '{}' completed within {} ms while {} were in flight",
                    self.statement.query, self.config.max_wait_ms, self.config.max_in_flight
                ))
            },
        )
    }

    /// Waits until every submitted write has completed, then reports failures.
    pub fn flush(&self, runtime: &RuntimeRef) -> Result<()> {
        let window = self.window.clone();
        let permits = self.config.max_in_flight as u32;
        let pending = self.in_flight();
        runtime.block_on_timeout(
            self.flush_timeout(),
            async move {
                let all = window
                    .acquire_many(permits)
                    .await
                    .map_err(|_| Error::Closed("the writer is closed".into()))?;
                drop(all);
                Ok(())
            },
            || {
                Error::WriteTimeout(format!(
                    "{} writes to '{}' (of {pending} pending at flush) were still unanswered after {} ms",
                    self.in_flight(),
                    self.statement.query,
                    self.flush_timeout().as_millis()
                ))
            },
        )?;
        self.raise_failures()
    }

    /// Long enough for a write that uses every retry; never unbounded.
    fn flush_timeout(&self) -> Duration {
        let attempts = self.config.max_retries + 1;
        (self.session.request_timeout() + Duration::from_millis(self.config.retry_max_delay_ms))
            * attempts
            + Duration::from_secs(5)
    }

    /// Reports (and forgets) the failures of writes that completed since the last report.
    pub fn raise_failures(&self) -> Result<()> {
        let mut failures = self
            .failures
            .lock()
            .map_err(|_| Error::Internal("writer failure list poisoned".into()))?;
        match failures.first.take() {
            None => Ok(()),
            Some(first) => {
                let more = std::mem::take(&mut failures.more);
                Err(if more == 0 {
                    first
                } else {
                    first.context(format!("{} more writes failed as well; the first", more))
                })
            }
        }
    }

    fn write_task(
        &self,
        row: Vec<Value>,
        timestamp_micros: Option<i64>,
    ) -> impl std::future::Future<Output = ()> {
        let session = self.session.clone();
        let statement = self.statement.clone();
        let config = self.config.clone();
        let failures = self.failures.clone();
        let metrics = self.metrics.clone();
        let params = StatementParams {
            query_params: QueryParams {
                consistency: self.consistency,
                serial_consistency: self.serial_consistency,
                values: Some(QueryValues::SimpleValues(row)),
                timestamp: timestamp_micros,
                ..QueryParams::default()
            },
            is_idempotent: config.idempotent,
            ..StatementParams::default()
        };
        async move {
            let outcome =
                execute_with_retries(&session, &statement, &params, &config, &metrics).await;
            match outcome {
                Ok(()) => {
                    metrics.rows_sent.fetch_add(1, Ordering::Relaxed);
                }
                Err(error) => {
                    metrics.failures.fetch_add(1, Ordering::Relaxed);
                    if let Ok(mut list) = failures.lock() {
                        // One warning per reported failure group: an outage fails every write.
                        if list.first.is_none() {
                            log::warn!("write failed: {error}");
                            list.first = Some(error);
                        } else {
                            log::debug!("write failed: {error}");
                            list.more += 1;
                        }
                    }
                }
            }
        }
    }
}

async fn execute_with_retries(
    session: &Session,
    statement: &Statement,
    params: &StatementParams,
    config: &WriterConfig,
    metrics: &WriterMetrics,
) -> Result<()> {
    let mut attempt = 0u32;
    loop {
        let started = Instant::now();
        let result = session.execute(statement, params).await;
        record_latency(metrics, started.elapsed());
        match result {
            Ok(_) => return Ok(()),
            Err(error) if should_retry(&error, attempt, config) => {
                attempt += 1;
                metrics.retries.fetch_add(1, Ordering::Relaxed);
                let seed = started.elapsed().as_nanos() as u64
                    ^ (attempt as u64).wrapping_mul(0x9E37_79B9);
                let delay = config.backoff(attempt, seed);
                log::debug!(
                    "retrying write (attempt {attempt} of {}) in {delay:?}: {error}",
                    config.max_retries
                );
                tokio::time::sleep(delay).await;
            }
            Err(error) => {
                let tries = attempt + 1;
                return Err(error.context(format!(
                    "writing with '{}' failed after {tries} attempt{}",
                    statement.query,
                    if tries == 1 { "" } else { "s" }
                )));
            }
        }
    }
}

fn should_retry(error: &Error, attempt: u32, config: &WriterConfig) -> bool {
    attempt < config.max_retries
        && error.is_transient()
        && (config.idempotent || matches!(error, Error::Unavailable(_) | Error::Overloaded(_)))
}

fn record_latency(metrics: &WriterMetrics, elapsed: Duration) {
    let micros = elapsed.as_micros().min(u64::MAX as u128) as u64;
    metrics
        .latency_micros_total
        .fetch_add(micros, Ordering::Relaxed);
    metrics
        .latency_micros_max
        .fetch_max(micros, Ordering::Relaxed);
    metrics.latency_buckets[latency_bucket(micros)].fetch_add(1, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> WriterConfig {
        WriterConfig::from_json(r#"{"retryBaseDelayMs":100,"retryMaxDelayMs":1000}"#).unwrap()
    }

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let c = config();
        for seed in 0..200u64 {
            let first = c.backoff(1, seed);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let late = c.backoff(10, seed);
            assert!(late >= Duration::from_millis(500) && late <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn only_transient_errors_are_retried_within_the_limit() {
        let c = config();
        assert!(should_retry(&Error::WriteTimeout("t".into()), 0, &c));
        assert!(!should_retry(&Error::WriteTimeout("t".into()), 3, &c));
        assert!(!should_retry(&Error::InvalidQuery("bad".into()), 0, &c));
        let mut not_idempotent = c.clone();
        not_idempotent.idempotent = false;
        assert!(!should_retry(
            &Error::WriteTimeout("t".into()),
            0,
            &not_idempotent
        ));
        assert!(should_retry(
            &Error::Unavailable("u".into()),
            0,
            &not_idempotent
        ));
    }

    #[test]
    fn explicit_timestamps_step_per_row() {
        let ts = Timestamps::Explicit {
            first: 1_000,
            step: 1,
        };
        assert_eq!(ts.of_row(0), Some(1_000));
        assert_eq!(ts.of_row(5), Some(1_005));
        assert_eq!(Timestamps::Server.of_row(3), None);
    }

    #[test]
    fn recorded_latencies_fill_the_buckets() {
        let metrics = WriterMetrics::default();
        record_latency(&metrics, Duration::from_micros(3));
        record_latency(&metrics, Duration::from_micros(1_000));
        record_latency(&metrics, Duration::from_micros(1_000));
        assert_eq!(metrics.latency_buckets[2].load(Ordering::Relaxed), 1);
        assert_eq!(metrics.latency_buckets[10].load(Ordering::Relaxed), 2);
        let total: u64 = metrics
            .latency_buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .sum();
        assert_eq!(total, 3);
        assert_eq!(metrics.latency_micros_max.load(Ordering::Relaxed), 1_000);
    }

    #[test]
    fn latency_buckets_are_powers_of_two() {
        assert_eq!(latency_bucket(0), 0);
        assert_eq!(latency_bucket(1), 1);
        assert_eq!(latency_bucket(3), 2);
        assert_eq!(latency_bucket(1_000), 10);
        assert_eq!(latency_bucket(u64::MAX), LATENCY_BUCKETS - 1);
    }

    #[test]
    fn rejects_unknown_consistency_naming_it() {
        let e = WriterConfig::from_json(r#"{"consistency":"MOST"}"#).unwrap_err();
        assert!(e.to_string().contains("'MOST'"), "{e}");
    }
}
