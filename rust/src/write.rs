//! The write pipeline: one driving task per writer keeps up to `max_concurrent_requests` prepared
//! executions in flight (a `FuturesUnordered`), fed by a bounded queue of whole submitted
//! batches. The queue is the backpressure: `submit` waits (in slices, so that Java notices
//! cancellation) only when it is full. Transient failures are retried with exponential backoff
//! and jitter inside the same task, with the same write timestamp. Failures are kept, grouped by
//! kind with counts, until the next `submit` or `flush` reports them, one kind per report, so
//! Java sees every kind of failure. Dropping the writer aborts the task and with it every
//! queued, in-flight and retrying write: nothing of a closed writer reaches Cassandra later.

use crate::error::{Error, Result};
use crate::group::{row_bytes, Grouper, Grouping, Unit};
use crate::rate::RateLimit;
use crate::session::Session;
use crate::statements::Statement;
use crate::wire::code;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use futures::stream::{FuturesUnordered, StreamExt};
use futures::FutureExt;
use serde::Deserialize;
use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

/// The settings of one writer as Java's `WriterSettings` sends them. Java owns the defaults and
/// the validation; every field is required here (an optional one as an explicit `null`) and only
/// invariants are checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WriterSettings {
    /// Executions kept in flight at once.
    pub max_concurrent_requests: usize,
    pub max_retries: u32,
    pub retry_base_delay_millis: u64,
    pub retry_max_delay_millis: u64,
    #[serde(deserialize_with = "crate::consistency::deserialize")]
    pub consistency: Consistency,
    #[serde(deserialize_with = "crate::consistency::deserialize_nullable")]
    pub serial_consistency: Option<Consistency>,
    /// Only idempotent statements are retried after a timeout.
    pub idempotent: bool,
    /// How long `submit` may wait for room in the queue before failing (enforced by Java,
    /// which waits in slices).
    pub max_wait_millis: u64,
    /// How long `flush` may go without any write completing before it fails; `null`: long
    /// enough for one write that uses every retry.
    #[serde(deserialize_with = "crate::config::nullable")]
    pub flush_timeout_millis: Option<u64>,
    /// Submitted batches waiting for the driving task (besides the one it is sending).
    pub queue_batches: usize,
    /// Rows started per second at most (retries not counted); none: unlimited.
    #[serde(deserialize_with = "crate::config::nullable")]
    pub max_rows_per_second: Option<u64>,
    /// Value bytes (as in `bytesSubmitted`) started per second at most; none: unlimited.
    #[serde(deserialize_with = "crate::config::nullable")]
    pub max_bytes_per_second: Option<u64>,
    /// Which rows of a submitted batch share an UNLOGGED batch (see `group`).
    #[serde(deserialize_with = "crate::group::deserialize")]
    pub batch_grouping: Grouping,
    /// Rows of one grouped batch at most.
    pub batch_max_rows: usize,
    /// Value bytes (as in `bytesSubmitted`) of one grouped batch at most.
    pub batch_max_bytes: u64,
    /// Positions of the values that identify a row (partition key and clustering columns): rows
    /// equal in all of them never share a grouped batch.
    pub primary_key_columns: Vec<usize>,
}

impl WriterSettings {
    pub fn from_json(json: &str) -> Result<WriterSettings> {
        let settings: WriterSettings = serde_json::from_str(json)?;
        // Invariants of the pipeline (Java's builder has named the user's setting already).
        if settings.max_concurrent_requests == 0
            || settings.max_concurrent_requests > u32::MAX as usize
        {
            return Err(Error::Config(format!(
                "maxConcurrentRequests: {} is out of range (1 to {})",
                settings.max_concurrent_requests,
                u32::MAX
            )));
        }
        for (name, limit) in [
            ("maxRowsPerSecond", settings.max_rows_per_second),
            ("maxBytesPerSecond", settings.max_bytes_per_second),
        ] {
            if limit == Some(0) {
                return Err(Error::Config(format!("{name}: must be at least 1")));
            }
        }
        if settings.queue_batches == 0 {
            return Err(Error::Config("queueBatches: must be at least 1".into()));
        }
        // A BATCH frame counts its statements in a signed short.
        if settings.batch_max_rows == 0 || settings.batch_max_rows > i16::MAX as usize {
            return Err(Error::Config(format!(
                "batchMaxRows: {} is out of range (1 to {})",
                settings.batch_max_rows,
                i16::MAX
            )));
        }
        if settings.batch_max_bytes == 0 {
            return Err(Error::Config("batchMaxBytes: must be at least 1".into()));
        }
        Ok(settings)
    }

    /// The delay before retry number `attempt` (1-based): exponential, capped, with jitter.
    pub fn backoff(&self, attempt: u32, jitter_seed: u64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .retry_base_delay_millis
            .saturating_mul(1 << exponent)
            .min(self.retry_max_delay_millis);
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
    /// Each row gets the next value of this process's monotonic microsecond clock when it is
    /// submitted (see [`client_timestamps`]); retries reuse it, so a retry never overwrites a
    /// newer write of the same key.
    Client,
    /// Row `i` is written at `first + i * step` µs: with step 1, a later row of the same key wins.
    Explicit { first: i64, step: i64 },
}

impl Timestamps {
    pub fn of_row(self, index: usize) -> Option<i64> {
        match self {
            Timestamps::Server | Timestamps::Client => None,
            Timestamps::Explicit { first, step } => {
                Some(first.saturating_add((index as i64).saturating_mul(step)))
            }
        }
    }

    /// Client timestamps drawn for `rows` rows; other kinds unchanged.
    fn resolve(self, rows: usize) -> Timestamps {
        match self {
            Timestamps::Client => Timestamps::Explicit {
                first: client_timestamps(rows),
                step: 1,
            },
            other => other,
        }
    }
}

static LAST_CLIENT_TIMESTAMP: AtomicI64 = AtomicI64::new(i64::MIN);

/// Reserves `count` consecutive write timestamps (µs since the epoch) and returns the first:
/// `max(now, last + 1)`, so they increase strictly across every writer of this process, also
/// when the wall clock steps back or many rows are submitted within one microsecond.
pub fn client_timestamps(count: usize) -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros().min(i64::MAX as u128) as i64)
        .unwrap_or(0);
    let span = (count.max(1) as i64).saturating_sub(1);
    let mut first = now;
    let _ = LAST_CLIENT_TIMESTAMP.fetch_update(Ordering::AcqRel, Ordering::Acquire, |last| {
        first = now.max(last.saturating_add(1));
        Some(first.saturating_add(span))
    });
    first
}

/// Counters read by Java's metric gauges.
#[derive(Default)]
pub struct WriterMetrics {
    pub rows_sent: AtomicU64,
    pub batches_submitted: AtomicU64,
    pub bytes_submitted: AtomicU64,
    pub retries: AtomicU64,
    pub failures: AtomicU64,
    pub in_flight: AtomicU64,
    pub latency_micros_total: AtomicU64,
    pub latency_micros_max: AtomicU64,
    /// Rows submitted and not yet completed (queued, in flight or waiting for a retry).
    pub held_rows: AtomicU64,
    /// Value bytes of those rows.
    pub held_bytes: AtomicU64,
    pub max_held_rows: AtomicU64,
    pub max_held_bytes: AtomicU64,
    /// UNLOGGED batches (batch grouping) written.
    pub unlogged_batches: AtomicU64,
    /// Bucket `i` counts requests that took less than `2^i` µs (and at least `2^(i-1)`).
    pub latency_buckets: [AtomicU64; LATENCY_BUCKETS],
}

pub use crate::wire::{LATENCY_BUCKETS, METRIC_FIELDS};

impl WriterMetrics {
    /// The counters in the order Java's `WriterMetrics` reads them.
    pub fn snapshot(&self) -> [u64; METRIC_FIELDS] {
        use crate::wire::*;
        let mut out = [0; METRIC_FIELDS];
        for (index, counter) in [
            (METRIC_ROWS_SENT, &self.rows_sent),
            (METRIC_BATCHES_SUBMITTED, &self.batches_submitted),
            (METRIC_BYTES_SUBMITTED, &self.bytes_submitted),
            (METRIC_RETRIES, &self.retries),
            (METRIC_FAILURES, &self.failures),
            (METRIC_IN_FLIGHT, &self.in_flight),
            (METRIC_LATENCY_MICROS_TOTAL, &self.latency_micros_total),
            (METRIC_LATENCY_MICROS_MAX, &self.latency_micros_max),
            (METRIC_HELD_ROWS, &self.held_rows),
            (METRIC_HELD_BYTES, &self.held_bytes),
            (METRIC_MAX_HELD_ROWS, &self.max_held_rows),
            (METRIC_MAX_HELD_BYTES, &self.max_held_bytes),
            (METRIC_UNLOGGED_BATCHES, &self.unlogged_batches),
        ] {
            out[index] = counter.load(Ordering::Relaxed);
        }
        out
    }

    fn completed(&self) -> u64 {
        self.rows_sent.load(Ordering::Relaxed) + self.failures.load(Ordering::Relaxed)
    }
}

/// The latency bucket of a request that took `micros`.
pub fn latency_bucket(micros: u64) -> usize {
    ((u64::BITS - micros.leading_zeros()) as usize).min(LATENCY_BUCKETS - 1)
}

/// Failures not yet reported, one group per kind (error code) in order of first occurrence.
#[derive(Default)]
struct FailureLog {
    groups: Vec<FailureGroup>,
}

struct FailureGroup {
    first: Error,
    count: u64,
}

impl FailureLog {
    /// Records `error` as the failure of `rows` writes (a grouped batch fails as a whole).
    fn record(&mut self, error: Error, rows: u64) {
        match self
            .groups
            .iter_mut()
            .find(|g| code(&g.first) == code(&error))
        {
            Some(group) => {
                log::debug!("write failed: {error}");
                group.count += rows;
            }
            None => {
                // One warning per kind and report: an outage fails every write.
                log::warn!("write failed: {error}");
                self.groups.push(FailureGroup {
                    first: error,
                    count: rows,
                });
            }
        }
    }

    /// The oldest group as one error of its kind, saying how many writes it stands for.
    fn take_one(&mut self) -> Option<Error> {
        if self.groups.is_empty() {
            return None;
        }
        let group = self.groups.remove(0);
        Some(if group.count == 1 {
            group.first
        } else {
            let code = code(&group.first);
            group.first.context(format!(
                "{} writes failed with {code}; the first",
                group.count
            ))
        })
    }
}

/// State shared by the writer (Java threads) and its driving task.
#[derive(Default)]
struct Shared {
    metrics: Arc<WriterMetrics>,
    failures: Mutex<FailureLog>,
    /// Signalled when the last held row completes.
    idle: Notify,
}

impl Shared {
    /// A failure must never be lost because some thread panicked while holding the lock.
    fn failures(&self) -> MutexGuard<'_, FailureLog> {
        self.failures.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn hold(&self, rows: u64, bytes: u64) {
        let m = &self.metrics;
        let rows = m.held_rows.fetch_add(rows, Ordering::AcqRel) + rows;
        let bytes = m.held_bytes.fetch_add(bytes, Ordering::AcqRel) + bytes;
        m.max_held_rows.fetch_max(rows, Ordering::Relaxed);
        m.max_held_bytes.fetch_max(bytes, Ordering::Relaxed);
    }

    fn release(&self, rows: u64, bytes: u64) {
        self.metrics.held_bytes.fetch_sub(bytes, Ordering::AcqRel);
        if self.metrics.held_rows.fetch_sub(rows, Ordering::AcqRel) == rows {
            self.idle.notify_waiters();
        }
    }

    fn held_rows(&self) -> u64 {
        self.metrics.held_rows.load(Ordering::Acquire)
    }

    async fn wait_idle(&self) {
        loop {
            let notified = self.idle.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.held_rows() == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// Sends one prepared execution. The session in production; unit tests inject failures and
/// panics through it.
pub trait Execute: Send + Sync + 'static {
    fn execute(&self, params: &StatementParams) -> impl Future<Output = Result<()>> + Send;
    /// Sends `rows` as one UNLOGGED batch of the statement, at `params`' timestamp.
    fn execute_batch(
        &self,
        rows: &[Vec<Value>],
        params: &StatementParams,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The statement's text, for messages.
    fn query(&self) -> &str;
    /// Positions of the partition-key values (the routing key).
    fn partition_key(&self) -> Vec<usize>;
    /// A name of the replica set of a routing key (for REPLICA_SET grouping), if known.
    fn replica_set(&self, routing_key: &[u8]) -> Option<u64>;
}

/// Executes the writer's prepared statement on its session.
pub struct SessionExecutor {
    session: Arc<Session>,
    statement: Arc<Statement>,
}

impl Execute for SessionExecutor {
    async fn execute(&self, params: &StatementParams) -> Result<()> {
        self.session
            .execute(&self.statement, params)
            .await
            .map(|_| ())
    }

    async fn execute_batch(&self, rows: &[Vec<Value>], params: &StatementParams) -> Result<()> {
        self.session
            .execute_batch(&self.statement, rows, params.query_params.timestamp, params)
            .await
            .map(|_| ())
    }

    fn query(&self) -> &str {
        &self.statement.query
    }

    fn partition_key(&self) -> Vec<usize> {
        self.statement
            .prepared
            .pk_indexes
            .iter()
            .filter_map(|&i| usize::try_from(i).ok())
            .collect()
    }

    fn replica_set(&self, routing_key: &[u8]) -> Option<u64> {
        let keyspace = self
            .statement
            .prepared
            .keyspace
            .clone()
            .or_else(|| self.session.settings().keyspace.clone())?;
        self.session.replica_set(&keyspace, routing_key)
    }
}

/// What the driving task needs besides the rows.
struct Requests<E> {
    executor: E,
    config: WriterSettings,
    consistency: Consistency,
    serial_consistency: Option<Consistency>,
    /// None: every row is its own request.
    grouper: Option<Grouper>,
    shared: Arc<Shared>,
}

struct Batch {
    rows: Vec<Vec<Value>>,
    timestamps: Timestamps,
}

/// Outcome of one [`Writer::submit`] call.
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// The whole batch was queued; its rows count.
    Accepted(usize),
    /// The queue stayed full for the whole wait: nothing was taken, call again.
    Full,
    /// Earlier writes failed: nothing was taken; [`Writer::raise_failures`] reports them.
    FailuresPending,
}

/// Outcome of one [`Writer::flush`] call.
#[derive(Debug, PartialEq, Eq)]
pub enum Flushed {
    /// Every submitted row completed and every failure was reported.
    Done,
    /// Every submitted row completed; [`Writer::raise_failures`] reports failures first.
    FailuresPending,
    /// Rows are still held after this wait: call again.
    Pending,
    /// No write completed within the flush timeout: the writer is stuck.
    TimedOut,
}

pub struct Writer {
    queue: mpsc::Sender<Batch>,
    task: JoinHandle<()>,
    runtime: tokio::runtime::Handle,
    shared: Arc<Shared>,
    pub metrics: Arc<WriterMetrics>,
    query: String,
    variable_count: usize,
    flush_timeout: Duration,
    /// When the current flush gives up, and the completion count it was set at.
    flush_deadline: Mutex<Option<(Instant, u64)>>,
}

impl Writer {
    pub fn new(
        runtime: &tokio::runtime::Handle,
        session: Arc<Session>,
        statement: Arc<Statement>,
        config: WriterSettings,
    ) -> Result<Writer> {
        let attempts = config.max_retries + 1;
        let default_flush_timeout = (session.request_timeout()
            + Duration::from_millis(config.retry_max_delay_millis))
            * attempts
            + Duration::from_secs(5);
        let variable_count = statement.variable_count;
        Writer::start(
            runtime,
            SessionExecutor { session, statement },
            variable_count,
            default_flush_timeout,
            config,
        )
    }

    /// Starts the driving task of a writer that sends through `executor`.
    pub fn start<E: Execute>(
        runtime: &tokio::runtime::Handle,
        executor: E,
        variable_count: usize,
        default_flush_timeout: Duration,
        config: WriterSettings,
    ) -> Result<Writer> {
        let consistency = config.consistency;
        let serial_consistency = config.serial_consistency;
        let flush_timeout = config
            .flush_timeout_millis
            .map(Duration::from_millis)
            .unwrap_or(default_flush_timeout);
        let shared = Arc::new(Shared::default());
        let (queue, receiver) = mpsc::channel(config.queue_batches);
        let query = executor.query().to_string();
        let grouper = (config.batch_grouping != Grouping::None).then(|| Grouper {
            grouping: config.batch_grouping,
            partition: executor.partition_key(),
            primary_key: config.primary_key_columns.clone(),
            max_rows: config.batch_max_rows,
            max_bytes: config.batch_max_bytes,
        });
        let requests = Arc::new(Requests {
            executor,
            config,
            consistency,
            serial_consistency,
            grouper,
            shared: shared.clone(),
        });
        let task = runtime.spawn(drive(requests, receiver));
        Ok(Writer {
            queue,
            task,
            runtime: runtime.clone(),
            metrics: shared.metrics.clone(),
            shared,
            query,
            variable_count,
            flush_timeout,
            flush_deadline: Mutex::new(None),
        })
    }

    pub fn in_flight(&self) -> usize {
        self.metrics.in_flight.load(Ordering::Relaxed) as usize
    }

    /// Queues a whole batch, waiting at most `wait` for room. When earlier writes failed, takes
    /// nothing and says so (submit again after [`raise_failures`](Self::raise_failures)). `parse`
    /// runs only once there is room, so Java may reuse its buffer after [`Submitted::Full`]; an
    /// error means this batch is bad or the writer stopped.
    pub fn submit(
        &self,
        wait: Duration,
        parse: impl FnOnce() -> Result<Vec<Vec<Value>>>,
        timestamps: Timestamps,
    ) -> Result<Submitted> {
        if self.has_failures() {
            return Ok(Submitted::FailuresPending);
        }
        let permit = match self.queue.try_reserve() {
            Ok(permit) => permit,
            Err(mpsc::error::TrySendError::Full(())) => {
                let queue = &self.queue;
                // The timer is created inside the runtime (it needs its context).
                let reserve = async move { tokio::time::timeout(wait, queue.reserve()).await };
                match self.block_on(reserve)? {
                    Ok(Ok(permit)) => permit,
                    Ok(Err(_)) => return Err(self.stopped()),
                    Err(_) => return Ok(Submitted::Full),
                }
            }
            Err(mpsc::error::TrySendError::Closed(())) => return Err(self.stopped()),
        };
        let rows = parse()?;
        let mut bytes = 0u64;
        for row in &rows {
            if row.len() != self.variable_count {
                return Err(Error::Internal(format!(
                    "'{}' takes {} values, the row buffer had {}",
                    self.query,
                    self.variable_count,
                    row.len()
                )));
            }
            bytes += row_bytes(row);
        }
        let count = rows.len();
        let timestamps = timestamps.resolve(count);
        self.shared.hold(count as u64, bytes);
        let m = &self.metrics;
        m.batches_submitted.fetch_add(1, Ordering::Relaxed);
        m.bytes_submitted.fetch_add(bytes, Ordering::Relaxed);
        permit.send(Batch { rows, timestamps });
        Ok(Submitted::Accepted(count))
    }

    /// Waits at most `wait` for every submitted row to complete; then says whether failures
    /// wait for [`raise_failures`](Self::raise_failures).
    pub fn flush(&self, wait: Duration) -> Result<Flushed> {
        let started = Instant::now();
        loop {
            if self.shared.held_rows() == 0 {
                *self.lock_deadline() = None;
                return Ok(if self.has_failures() {
                    Flushed::FailuresPending
                } else {
                    Flushed::Done
                });
            }
            if self.task.is_finished() {
                return Err(self.stopped());
            }
            let now = Instant::now();
            let deadline = {
                let completed = self.metrics.completed();
                let mut slot = self.lock_deadline();
                match *slot {
                    // Progress since the deadline was set: the writer is slow, not stuck.
                    Some((deadline, at)) if at == completed => deadline,
                    _ => {
                        let deadline = now + self.flush_timeout;
                        *slot = Some((deadline, completed));
                        deadline
                    }
                }
            };
            if now >= deadline {
                *self.lock_deadline() = None;
                return Ok(Flushed::TimedOut);
            }
            let spent = now.saturating_duration_since(started);
            if spent >= wait {
                return Ok(Flushed::Pending);
            }
            let slice = (wait - spent).min(deadline - now);
            let shared = self.shared.clone();
            let _ = self
                .block_on(async move { tokio::time::timeout(slice, shared.wait_idle()).await })?;
        }
    }

    /// Reports (and forgets) the oldest kind of failure not yet reported, with its count.
    pub fn raise_failures(&self) -> Result<()> {
        match self.shared.failures().take_one() {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }

    fn has_failures(&self) -> bool {
        !self.shared.failures().groups.is_empty()
    }

    /// How long `flush` may go without progress.
    pub fn flush_timeout(&self) -> Duration {
        self.flush_timeout
    }

    fn lock_deadline(&self) -> MutexGuard<'_, Option<(Instant, u64)>> {
        self.flush_deadline
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    fn block_on<F: Future>(&self, future: F) -> Result<F::Output> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Internal(
                "a writer cannot wait on a runtime thread".into(),
            ));
        }
        Ok(self.runtime.block_on(future))
    }

    fn stopped(&self) -> Error {
        Error::Internal(format!(
            "the write pipeline of '{}' stopped with {} rows unwritten",
            self.query,
            self.shared.held_rows()
        ))
    }
}

impl Drop for Writer {
    /// Aborts every queued, in-flight and retrying write, and waits (briefly) until the task has
    /// stopped, so that no write of this writer races those of a writer that replaces it.
    fn drop(&mut self) {
        self.task.abort();
        if tokio::runtime::Handle::try_current().is_err() {
            let task = &mut self.task;
            let _ = self
                .runtime
                .block_on(async move { tokio::time::timeout(Duration::from_secs(10), task).await });
        }
    }
}

/// The requests of the batch being started: its rows one by one, or their groups.
enum Current {
    Rows(
        std::iter::Peekable<std::iter::Enumerate<std::vec::IntoIter<Vec<Value>>>>,
        Timestamps,
    ),
    Units(std::iter::Peekable<std::vec::IntoIter<Unit>>),
}

impl Current {
    fn of<E: Execute>(batch: Batch, requests: &Requests<E>) -> Current {
        match &requests.grouper {
            None => Current::Rows(
                batch.rows.into_iter().enumerate().peekable(),
                batch.timestamps,
            ),
            Some(grouper) => {
                let timestamps = batch.timestamps;
                let units = grouper.group(
                    batch.rows,
                    |i| timestamps.of_row(i),
                    |key| requests.executor.replica_set(key),
                );
                Current::Units(units.into_iter().peekable())
            }
        }
    }

    /// Rows and value bytes of the next request, if any.
    fn peek(&mut self) -> Option<(u64, u64)> {
        match self {
            Current::Rows(rows, _) => rows.peek().map(|(_, row)| (1, row_bytes(row))),
            Current::Units(units) => units.peek().map(|unit| (unit.rows(), unit.bytes())),
        }
    }

    fn next(&mut self) -> Option<Unit> {
        match self {
            Current::Rows(rows, timestamps) => rows
                .next()
                .map(|(index, row)| Unit::Row(row, timestamps.of_row(index))),
            Current::Units(units) => units.next(),
        }
    }
}

/// The driving task: keeps up to `max_concurrent_requests` requests going, taking rows from the queue, and
/// starts a row only when the rate limit (if any) admits it.
async fn drive<E: Execute>(requests: Arc<Requests<E>>, mut queue: mpsc::Receiver<Batch>) {
    let window = requests.config.max_concurrent_requests;
    let mut limit = RateLimit::new(
        requests.config.max_rows_per_second,
        requests.config.max_bytes_per_second,
        Instant::now(),
    );
    let mut in_flight = FuturesUnordered::new();
    let mut current: Option<Current> = None;
    let mut open = true;
    loop {
        // When the limit holds the next row back: the instant to ask again.
        let mut throttled: Option<Instant> = None;
        while in_flight.len() < window {
            if current.is_none() && open {
                match queue.try_recv() {
                    Ok(batch) => current = Some(Current::of(batch, &requests)),
                    Err(mpsc::error::TryRecvError::Empty) => break,
                    Err(mpsc::error::TryRecvError::Disconnected) => open = false,
                }
            }
            let Some(next) = current.as_mut() else {
                break;
            };
            let Some((rows, bytes)) = next.peek() else {
                current = None;
                continue;
            };
            if let Some(limit) = limit.as_mut() {
                let now = Instant::now();
                if let Some(wait) = limit.admit_rows(rows, bytes, now) {
                    throttled = Some(now + wait);
                    break;
                }
            }
            let Some(unit) = next.next() else {
                continue;
            };
            requests
                .shared
                .metrics
                .in_flight
                .fetch_add(1, Ordering::Relaxed);
            in_flight.push(request(requests.clone(), unit));
        }
        let resume = throttled.map(tokio::time::Instant::from_std);
        if in_flight.is_empty() {
            if let Some(resume) = resume {
                tokio::time::sleep_until(resume).await;
                continue;
            }
            if current.is_some() {
                continue;
            }
            if !open {
                return;
            }
            match queue.recv().await {
                Some(batch) => current = Some(Current::of(batch, &requests)),
                None => return,
            }
            continue;
        }
        tokio::select! {
            biased;
            _ = in_flight.next() => {}
            _ = sleep_until_some(resume), if resume.is_some() => {}
            batch = queue.recv(), if current.is_none() && open => match batch {
                Some(batch) => current = Some(Current::of(batch, &requests)),
                None => open = false,
            },
        }
    }
}

async fn sleep_until_some(at: Option<tokio::time::Instant>) {
    if let Some(at) = at {
        tokio::time::sleep_until(at).await;
    }
}

/// One request (a row, or a grouped batch of rows) with its retries; records the outcome of each
/// of its rows (a panic is a failed write).
async fn request<E: Execute>(requests: Arc<Requests<E>>, unit: Unit) {
    let rows = unit.rows();
    let bytes = unit.bytes();
    let (values, batch, timestamp) = match unit {
        Unit::Row(row, timestamp) => (Some(QueryValues::SimpleValues(row)), None, timestamp),
        Unit::Batch(members, timestamp) => (None, Some(members), timestamp),
    };
    let params = StatementParams {
        query_params: QueryParams {
            consistency: requests.consistency,
            serial_consistency: requests.serial_consistency,
            values,
            timestamp,
            ..QueryParams::default()
        },
        is_idempotent: requests.config.idempotent,
        ..StatementParams::default()
    };
    let shared = &requests.shared;
    let attempt = AssertUnwindSafe(execute_with_retries(
        &requests.executor,
        &params,
        batch.as_deref(),
        &requests.config,
        &shared.metrics,
    ))
    .catch_unwind()
    .await;
    let outcome = attempt.unwrap_or_else(|panic| {
        Err(Error::Internal(format!(
            "a write with '{}' panicked: {}",
            requests.executor.query(),
            panic_text(panic.as_ref())
        )))
    });
    match outcome {
        Ok(()) => {
            if batch.is_some() {
                shared
                    .metrics
                    .unlogged_batches
                    .fetch_add(1, Ordering::Relaxed);
            }
            shared.metrics.rows_sent.fetch_add(rows, Ordering::Relaxed);
        }
        Err(error) => {
            // Record before counting, so that a flush which sees the count sees the failure.
            shared.failures().record(error, rows);
            shared.metrics.failures.fetch_add(rows, Ordering::Relaxed);
        }
    }
    // Before the release, so that a flush that saw everything done sees nothing in flight.
    shared.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    shared.release(rows, bytes);
}

fn panic_text(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_string()
    }
}

async fn execute_with_retries<E: Execute>(
    executor: &E,
    params: &StatementParams,
    batch: Option<&[Vec<Value>]>,
    config: &WriterSettings,
    metrics: &WriterMetrics,
) -> Result<()> {
    let mut attempt = 0u32;
    loop {
        let started = Instant::now();
        let result = match batch {
            Some(rows) => executor.execute_batch(rows, params).await,
            None => executor.execute(params).await,
        };
        record_latency(metrics, started.elapsed());
        match result {
            Ok(()) => return Ok(()),
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
                let what = match batch {
                    Some(rows) => format!("an unlogged batch of {} rows", rows.len()),
                    None => "a row".to_string(),
                };
                return Err(error.context(format!(
                    "writing {what} with '{}' failed after {tries} attempt{}",
                    executor.query(),
                    if tries == 1 { "" } else { "s" }
                )));
            }
        }
    }
}

fn should_retry(error: &Error, attempt: u32, config: &WriterSettings) -> bool {
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

    fn config() -> WriterSettings {
        WriterSettings::from_json(&document(
            r#"{"retryBaseDelayMillis":100,"retryMaxDelayMillis":1000}"#,
        ))
        .unwrap()
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

    /// Each attempt: the row's key and its write timestamp.
    type Sent = Arc<Mutex<Vec<(u8, Option<i64>)>>>;

    /// A stand-in for the session: answers each row (keyed by its first value's first byte)
    /// as the test says, and records what was sent.
    struct Fake {
        behaviour: fn(u8, u32) -> FakeAnswer,
        sent: Sent,
        attempts: Arc<Mutex<std::collections::HashMap<u8, u32>>>,
        completed: Arc<AtomicU64>,
        /// Rows of each batch attempt.
        batches: Arc<Mutex<Vec<usize>>>,
    }

    #[derive(Clone, Copy)]
    enum FakeAnswer {
        Ok,
        Fail(fn(String) -> Error),
        Panic,
        Hang,
        /// Answers after this many ms.
        Slow(u64),
    }

    impl Fake {
        fn new(behaviour: fn(u8, u32) -> FakeAnswer) -> Fake {
            Fake {
                behaviour,
                sent: Arc::default(),
                attempts: Arc::default(),
                completed: Arc::default(),
                batches: Arc::default(),
            }
        }

        /// Records one attempt of the row keyed `key`, then answers as the test says.
        async fn answer(&self, key: u8, timestamp: Option<i64>) -> Result<()> {
            self.sent.lock().unwrap().push((key, timestamp));
            let attempt = {
                let mut attempts = self.attempts.lock().unwrap();
                let n = attempts.entry(key).or_insert(0);
                *n += 1;
                *n
            };
            match (self.behaviour)(key, attempt) {
                FakeAnswer::Ok => {}
                FakeAnswer::Fail(make) => return Err(make(format!("row {key}"))),
                FakeAnswer::Panic => panic!("injected panic for row {key}"),
                FakeAnswer::Hang => std::future::pending::<()>().await,
                FakeAnswer::Slow(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            }
            Ok(())
        }
    }

    fn key_of(values: &[Value]) -> u8 {
        match values.first() {
            Some(Value::Some(bytes)) => bytes[0],
            _ => 0,
        }
    }

    impl Execute for Fake {
        async fn execute(&self, params: &StatementParams) -> Result<()> {
            let key = match &params.query_params.values {
                Some(QueryValues::SimpleValues(values)) => key_of(values),
                _ => 0,
            };
            self.answer(key, params.query_params.timestamp).await?;
            self.completed.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }

        /// The batch answers as its first row; every row is recorded at the batch's timestamp.
        async fn execute_batch(&self, rows: &[Vec<Value>], params: &StatementParams) -> Result<()> {
            self.batches.lock().unwrap().push(rows.len());
            let timestamp = params.query_params.timestamp;
            for row in &rows[1..] {
                self.sent.lock().unwrap().push((key_of(row), timestamp));
            }
            self.answer(key_of(&rows[0]), timestamp).await?;
            self.completed
                .fetch_add(rows.len() as u64, Ordering::SeqCst);
            Ok(())
        }

        fn query(&self) -> &str {
            "INSERT INTO fake"
        }

        /// The partition key is the row's first value.
        fn partition_key(&self) -> Vec<usize> {
            vec![0]
        }

        /// Two replica sets: odd and even keys.
        fn replica_set(&self, routing_key: &[u8]) -> Option<u64> {
            Some(u64::from(routing_key[0] % 2))
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    }

    fn fake_writer(rt: &tokio::runtime::Runtime, fake: Fake, json: &str) -> Writer {
        writer_of(rt, fake, json, 1)
    }

    fn writer_of(rt: &tokio::runtime::Runtime, fake: Fake, json: &str, values: usize) -> Writer {
        let config = WriterSettings::from_json(&document(json)).unwrap();
        Writer::start(rt.handle(), fake, values, Duration::from_secs(30), config).unwrap()
    }

    fn rows(keys: std::ops::Range<u8>) -> Vec<Vec<Value>> {
        keys.map(|k| vec![Value::Some(vec![k])]).collect()
    }

    fn submit(writer: &Writer, batch: Vec<Vec<Value>>, timestamps: Timestamps) -> Result<usize> {
        let mut batch = Some(batch);
        loop {
            match writer.submit(
                Duration::from_millis(100),
                || Ok(batch.take().unwrap_or_default()),
                timestamps,
            )? {
                Submitted::Accepted(n) => return Ok(n),
                Submitted::Full => continue,
                Submitted::FailuresPending => writer.raise_failures()?,
            }
        }
    }

    /// Flushes until done; the errors reported on the way.
    fn flush_all(writer: &Writer) -> Vec<Error> {
        let mut errors = Vec::new();
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < Duration::from_secs(60), "flush hangs");
            match writer.flush(Duration::from_millis(100)) {
                Ok(Flushed::Done) => return errors,
                Ok(Flushed::FailuresPending) => errors.push(writer.raise_failures().unwrap_err()),
                Ok(Flushed::Pending) => {}
                Ok(Flushed::TimedOut) => panic!("flush timed out"),
                Err(e) => errors.push(e),
            }
        }
    }

    #[test]
    fn a_panicking_write_is_a_reported_failure() {
        let rt = runtime();
        let fake = Fake::new(|key, _| {
            if key == 3 {
                FakeAnswer::Panic
            } else {
                FakeAnswer::Ok
            }
        });
        let writer = fake_writer(&rt, fake, r#"{"maxRetries":0}"#);
        submit(&writer, rows(0..10), Timestamps::Server).unwrap();
        let errors = flush_all(&writer);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(crate::wire::code(&errors[0]), "INTERNAL");
        assert!(
            errors[0].to_string().contains("injected panic for row 3"),
            "{}",
            errors[0]
        );
        assert_eq!(writer.metrics.failures.load(Ordering::Relaxed), 1);
        assert_eq!(writer.metrics.rows_sent.load(Ordering::Relaxed), 9);
    }

    #[test]
    fn every_kind_of_failure_is_reported_with_its_count() {
        let rt = runtime();
        let fake = Fake::new(|key, _| match key {
            0 => FakeAnswer::Fail(Error::InvalidQuery),
            1..=20 => FakeAnswer::Fail(Error::Unavailable),
            _ => FakeAnswer::Ok,
        });
        // In order (window of one), so that the invalid query comes first.
        let writer = fake_writer(&rt, fake, r#"{"maxRetries":0,"maxConcurrentRequests":1}"#);
        submit(&writer, rows(0..30), Timestamps::Server).unwrap();
        let errors = flush_all(&writer);
        let kinds: Vec<&str> = errors.iter().map(code).collect();
        assert_eq!(kinds, ["INVALID_QUERY", "UNAVAILABLE"]);
        assert!(
            errors[1]
                .to_string()
                .starts_with("20 writes failed with UNAVAILABLE"),
            "{}",
            errors[1]
        );
        assert_eq!(writer.metrics.failures.load(Ordering::Relaxed), 21);
    }

    #[test]
    fn submit_reports_earlier_failures_before_taking_the_batch() {
        let rt = runtime();
        let fake = Fake::new(|_, _| FakeAnswer::Fail(Error::InvalidQuery));
        let writer = fake_writer(&rt, fake, r#"{"maxRetries":0}"#);
        submit(&writer, rows(0..1), Timestamps::Server).unwrap();
        while writer.metrics.failures.load(Ordering::Relaxed) == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut parsed = false;
        let outcome = writer
            .submit(
                Duration::from_millis(10),
                || {
                    parsed = true;
                    Ok(rows(1..2))
                },
                Timestamps::Server,
            )
            .unwrap();
        assert_eq!(outcome, Submitted::FailuresPending);
        assert!(!parsed, "the batch must stay with the caller");
        assert_eq!(
            crate::wire::code(&writer.raise_failures().unwrap_err()),
            "INVALID_QUERY"
        );
        assert!(writer.raise_failures().is_ok());
        assert_eq!(writer.metrics.batches_submitted.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn dropping_the_writer_aborts_queued_in_flight_and_retrying_writes() {
        let rt = runtime();
        let fake = Fake::new(|key, _| {
            if key < 2 {
                // retried again and again
                FakeAnswer::Fail(Error::Unavailable)
            } else {
                FakeAnswer::Slow(300)
            }
        });
        let completed = fake.completed.clone();
        let sent = fake.sent.clone();
        let writer = fake_writer(
            &rt,
            fake,
            r#"{"maxRetries":1000,"maxConcurrentRequests":4,"retryBaseDelayMillis":10,"retryMaxDelayMillis":20}"#,
        );
        submit(&writer, rows(0..50), Timestamps::Server).unwrap();
        while writer.metrics.retries.load(Ordering::Relaxed) < 3 {
            std::thread::sleep(Duration::from_millis(5));
        }
        drop(writer);
        let sent_at_drop = sent.lock().unwrap().len();
        std::thread::sleep(Duration::from_millis(700));
        assert_eq!(
            completed.load(Ordering::SeqCst),
            0,
            "a slow write completed after close"
        );
        assert_eq!(sent.lock().unwrap().len(), sent_at_drop, "sent after close");
    }

    #[test]
    fn retries_reuse_the_client_timestamp_and_timestamps_increase() {
        let rt = runtime();
        let fake = Fake::new(|_, attempt| {
            if attempt == 1 {
                FakeAnswer::Fail(Error::WriteTimeout)
            } else {
                FakeAnswer::Ok
            }
        });
        let sent = fake.sent.clone();
        let writer = fake_writer(
            &rt,
            fake,
            r#"{"maxRetries":2,"retryBaseDelayMillis":1,"retryMaxDelayMillis":2}"#,
        );
        submit(&writer, rows(0..10), Timestamps::Client).unwrap();
        submit(&writer, rows(10..20), Timestamps::Client).unwrap();
        assert!(flush_all(&writer).is_empty());
        assert_eq!(writer.metrics.retries.load(Ordering::Relaxed), 20);
        let sent = sent.lock().unwrap();
        let mut by_key = std::collections::BTreeMap::new();
        for (key, ts) in sent.iter() {
            let ts = ts.expect("client timestamp");
            assert_eq!(
                *by_key.entry(*key).or_insert(ts),
                ts,
                "retry of {key} changed its timestamp"
            );
        }
        let stamps: Vec<i64> = by_key.values().copied().collect();
        assert!(stamps.windows(2).all(|w| w[0] < w[1]), "{stamps:?}");
    }

    /// The limit holds over the whole run: 300 rows at 200 rows/s (burst 20) cannot finish
    /// sooner than (300 - 20 - 1) / 200 s, however fast the server answers. A lower bound only.
    #[test]
    fn the_row_rate_limit_holds() {
        let rt = runtime();
        let fake = Fake::new(|_, _| FakeAnswer::Slow(0));
        let writer = fake_writer(
            &rt,
            fake,
            r#"{"maxConcurrentRequests":64,"maxRowsPerSecond":200}"#,
        );
        let started = Instant::now();
        for start in (0..=250u8).step_by(50) {
            submit(
                &writer,
                rows(start..start.saturating_add(50)),
                Timestamps::Server,
            )
            .unwrap();
        }
        assert!(flush_all(&writer).is_empty());
        let elapsed = started.elapsed();
        assert_eq!(writer.metrics.rows_sent.load(Ordering::Relaxed), 255);
        let floor = Duration::from_secs_f64((255.0 - 20.0 - 1.0) / 200.0);
        assert!(elapsed >= floor, "255 rows in {elapsed:?}, under {floor:?}");
    }

    #[test]
    fn a_zero_rate_is_rejected_naming_the_setting() {
        let error = WriterSettings::from_json(&document(r#"{"maxBytesPerSecond":0}"#)).unwrap_err();
        assert!(error.to_string().contains("maxBytesPerSecond"), "{error}");
    }

    #[test]
    fn held_rows_are_bounded_by_window_and_queue() {
        let rt = runtime();
        let fake = Fake::new(|_, _| FakeAnswer::Slow(1));
        // window 1, queue of 1 batch: at most one batch queued, one being sent.
        let writer = fake_writer(&rt, fake, r#"{"maxConcurrentRequests":1,"queueBatches":1}"#);
        for start in (0..200u8).step_by(10) {
            submit(&writer, rows(start..start + 10), Timestamps::Server).unwrap();
            assert!(writer.metrics.in_flight.load(Ordering::Relaxed) <= 1);
        }
        assert!(flush_all(&writer).is_empty());
        let m = &writer.metrics;
        assert_eq!(m.rows_sent.load(Ordering::Relaxed), 200);
        assert!(m.max_held_rows.load(Ordering::Relaxed) <= 30);
        assert!(m.max_held_rows.load(Ordering::Relaxed) >= 10);
        assert_eq!(
            m.max_held_bytes.load(Ordering::Relaxed),
            m.max_held_rows.load(Ordering::Relaxed) * 5
        );
        assert_eq!(m.held_rows.load(Ordering::Relaxed), 0);
        assert_eq!(m.held_bytes.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_stuck_flush_times_out() {
        let rt = runtime();
        let fake = Fake::new(|_, _| FakeAnswer::Hang);
        let writer = fake_writer(&rt, fake, r#"{"flushTimeoutMillis":300}"#);
        submit(&writer, rows(0..3), Timestamps::Server).unwrap();
        let started = Instant::now();
        let outcome = loop {
            match writer.flush(Duration::from_millis(50)).unwrap() {
                Flushed::Pending => assert!(started.elapsed() < Duration::from_secs(30)),
                other => break other,
            }
        };
        assert_eq!(outcome, Flushed::TimedOut);
    }

    /// Rows (partition, partition * 16 + n), partitions interleaved; the fake answers and records
    /// by the first value, the partition.
    fn grouped_rows(partitions: u8, per_partition: u8) -> Vec<Vec<Value>> {
        (0..per_partition)
            .flat_map(|n| {
                (0..partitions)
                    .map(move |p| vec![Value::Some(vec![p]), Value::Some(vec![p * 16 + n])])
            })
            .collect()
    }

    #[test]
    fn grouped_rows_go_as_batches_and_count_per_row() {
        let rt = runtime();
        let fake = Fake::new(|_, _| FakeAnswer::Ok);
        let batches = fake.batches.clone();
        let writer = writer_of(
            &rt,
            fake,
            r#"{"batchGrouping":"PARTITION","batchMaxRows":4,"primaryKeyColumns":[0,1]}"#,
            2,
        );
        // 3 partitions of 10 rows each: batches of 4, 4 and 2 per partition.
        submit(&writer, grouped_rows(3, 10), Timestamps::Client).unwrap();
        assert!(flush_all(&writer).is_empty());
        let m = &writer.metrics;
        assert_eq!(m.rows_sent.load(Ordering::Relaxed), 30);
        assert_eq!(m.unlogged_batches.load(Ordering::Relaxed), 9);
        let mut sizes = batches.lock().unwrap().clone();
        sizes.sort_unstable();
        assert_eq!(sizes, [2, 2, 2, 4, 4, 4, 4, 4, 4]);
        assert_eq!(m.held_rows.load(Ordering::Relaxed), 0);
        assert_eq!(m.held_bytes.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_failed_batch_fails_each_of_its_rows_and_retries_reuse_its_timestamp() {
        let rt = runtime();
        // The batch of partition 1 times out once, then succeeds; partition 2 fails for good.
        let fake = Fake::new(|key, attempt| match key {
            1 if attempt == 1 => FakeAnswer::Fail(Error::WriteTimeout),
            2 => FakeAnswer::Fail(Error::InvalidQuery),
            _ => FakeAnswer::Ok,
        });
        let sent = fake.sent.clone();
        let writer = writer_of(
            &rt,
            fake,
            r#"{"batchGrouping":"PARTITION","primaryKeyColumns":[0,1],"maxRetries":2,
                "retryBaseDelayMillis":1,"retryMaxDelayMillis":2}"#,
            2,
        );
        submit(&writer, grouped_rows(3, 5), Timestamps::Client).unwrap();
        let errors = flush_all(&writer);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .to_string()
                .starts_with("5 writes failed with INVALID_QUERY"),
            "{}",
            errors[0]
        );
        assert!(
            errors[0]
                .to_string()
                .contains("an unlogged batch of 5 rows"),
            "{}",
            errors[0]
        );
        let m = &writer.metrics;
        assert_eq!(m.rows_sent.load(Ordering::Relaxed), 10);
        assert_eq!(m.failures.load(Ordering::Relaxed), 5);
        assert_eq!(m.retries.load(Ordering::Relaxed), 1);
        assert_eq!(m.unlogged_batches.load(Ordering::Relaxed), 2);
        // Both attempts of partition 1's batch at one timestamp.
        let stamps: std::collections::BTreeSet<i64> = sent
            .lock()
            .unwrap()
            .iter()
            .filter(|(partition, _)| *partition == 1)
            .filter_map(|(_, ts)| *ts)
            .collect();
        assert_eq!(stamps.len(), 1, "{stamps:?}");
    }

    #[test]
    fn replica_set_grouping_spans_partitions() {
        let rt = runtime();
        let fake = Fake::new(|_, _| FakeAnswer::Ok);
        let batches = fake.batches.clone();
        let writer = writer_of(
            &rt,
            fake,
            r#"{"batchGrouping":"REPLICA_SET","primaryKeyColumns":[0,1]}"#,
            2,
        );
        // Partitions 0..4 on two replica sets (even, odd): two batches of 8 rows.
        submit(&writer, grouped_rows(4, 4), Timestamps::Server).unwrap();
        assert!(flush_all(&writer).is_empty());
        assert_eq!(*batches.lock().unwrap(), [8, 8]);
        assert_eq!(writer.metrics.unlogged_batches.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn grouping_bounds_are_checked() {
        for (doc, name) in [
            (r#"{"batchMaxRows":0}"#, "batchMaxRows"),
            (r#"{"batchMaxRows":40000}"#, "batchMaxRows"),
            (r#"{"batchMaxBytes":0}"#, "batchMaxBytes"),
            (r#"{"batchGrouping":"TABLE"}"#, "batchGrouping"),
        ] {
            let e = WriterSettings::from_json(&document(doc)).unwrap_err();
            assert!(e.to_string().contains(name), "{doc}: {e}");
        }
    }

    #[test]
    fn client_timestamps_never_repeat() {
        let a = client_timestamps(1000);
        let b = client_timestamps(1);
        assert!(b >= a + 1000);
    }

    #[test]
    fn rejects_unknown_consistency_naming_it() {
        let e = WriterSettings::from_json(&document(r#"{"consistency":"MOST"}"#)).unwrap_err();
        assert!(e.to_string().contains("'MOST'"), "{e}");
    }

    /// A complete document as Java's `WriterSettings` writes it, with `overrides` applied.
    fn document(overrides: &str) -> String {
        let mut doc = serde_json::json!({
            "maxConcurrentRequests": 256, "maxRetries": 3, "retryBaseDelayMillis": 100,
            "retryMaxDelayMillis": 5000, "consistency": "LOCAL_ONE", "serialConsistency": null,
            "idempotent": true, "maxWaitMillis": 120000, "flushTimeoutMillis": null,
            "queueBatches": 2, "maxRowsPerSecond": null, "maxBytesPerSecond": null,
            "batchGrouping": "NONE", "batchMaxRows": 32, "batchMaxBytes": 4096,
            "primaryKeyColumns": [0]
        });
        let overrides: serde_json::Value = serde_json::from_str(overrides).unwrap();
        if let (Some(doc), Some(overrides)) = (doc.as_object_mut(), overrides.as_object()) {
            doc.extend(overrides.clone());
        }
        doc.to_string()
    }

    #[test]
    fn every_field_is_required_and_a_missing_one_is_named() {
        let complete: serde_json::Value = serde_json::from_str(&document("{}")).unwrap();
        assert!(WriterSettings::from_json(&complete.to_string()).is_ok());
        for field in complete.as_object().unwrap().keys() {
            let mut partial = complete.clone();
            partial.as_object_mut().unwrap().remove(field);
            let e = WriterSettings::from_json(&partial.to_string()).unwrap_err();
            assert_eq!(code(&e), "CONFIG");
            assert!(
                e.to_string().contains(&format!("missing field `{field}`")),
                "{field}: {e}"
            );
        }
    }
}
