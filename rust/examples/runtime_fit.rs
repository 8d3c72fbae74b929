//! Runtime fit (issue 16, item 2): CPU per row of the write pipeline on the shared multi-thread
//! runtime (2 workers) against a current-thread runtime driven by one thread, with no server:
//! each execution goes to a "connection" task over a channel and is answered through a oneshot,
//! as cdrs-tokio's connection tasks do, so the cross-thread wakeups of the real path happen here
//! too. Rounds are interleaved; process CPU comes from /proc/self/stat.
//!
//!     cargo run --release -p cassandra-flink-native --example runtime_fit [-- rows rounds]

use cassandra_flink_native::error::{Error, Result};
use cassandra_flink_native::write::{
    Execute, Flushed, Submitted, Timestamps, Writer, WriterSettings,
};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Sends each execution to the connection task and waits for its answer.
struct Connection {
    requests: mpsc::UnboundedSender<oneshot::Sender<()>>,
}

impl Execute for Connection {
    async fn execute(&self, _params: &StatementParams) -> Result<()> {
        let (answer, answered) = oneshot::channel();
        self.requests
            .send(answer)
            .map_err(|_| Error::Internal("connection closed".into()))?;
        answered
            .await
            .map_err(|_| Error::Internal("no answer".into()))
    }

    async fn execute_batch(&self, _rows: &[Vec<Value>], params: &StatementParams) -> Result<()> {
        self.execute(params).await
    }

    fn query(&self) -> &str {
        "INSERT INTO t (id, a, b) VALUES (?, ?, ?)"
    }

    fn partition_key(&self) -> Vec<usize> {
        vec![0]
    }

    fn replica_set(&self, _routing_key: &[u8]) -> Option<u64> {
        None
    }
}

/// Answers every request queued so far, then waits for more (a socket read of many responses).
async fn serve(mut requests: mpsc::UnboundedReceiver<oneshot::Sender<()>>) {
    let mut ready = Vec::with_capacity(256);
    while requests.recv_many(&mut ready, 256).await > 0 {
        for answer in ready.drain(..) {
            let _ = answer.send(());
        }
        tokio::task::yield_now().await;
    }
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime: fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    ticks as f64 / 100.0
}

fn buffer(rows: u32) -> Vec<u8> {
    let mut out = rows.to_be_bytes().to_vec();
    for id in 0..rows {
        out.extend_from_slice(&3u16.to_be_bytes());
        for value in [
            id.to_be_bytes(),
            (id / 7).to_be_bytes(),
            42u32.to_be_bytes(),
        ] {
            out.extend_from_slice(&4i32.to_be_bytes());
            out.extend_from_slice(&value);
        }
    }
    out
}

fn settings() -> WriterSettings {
    WriterSettings::from_json(
        r#"{"maxConcurrentRequests":256,"maxRetries":3,"retryBaseDelayMillis":100,
            "retryMaxDelayMillis":5000,"consistency":"LOCAL_ONE","serialConsistency":null,
            "idempotent":true,"maxWaitMillis":120000,"flushTimeoutMillis":null,"queueBatches":2,
            "maxRowsPerSecond":null,"maxBytesPerSecond":null,"batchGrouping":"NONE",
            "batchMaxRows":64,"batchMaxBytes":4096,"primaryKeyColumns":[0]}"#,
    )
    .expect("settings")
}

/// Writes `rows` rows in batches of 1,000 on `handle`; returns (CPU s, wall s).
fn run(handle: &tokio::runtime::Handle, rows: u32) -> (f64, f64) {
    let (requests, receiver) = mpsc::unbounded_channel();
    handle.spawn(serve(receiver));
    let writer = Writer::start(
        handle,
        Connection { requests },
        3,
        Duration::from_secs(30),
        settings(),
    )
    .expect("writer");
    let batch = buffer(1_000);
    let cpu = cpu_seconds();
    let wall = Instant::now();
    for _ in 0..rows / 1_000 {
        loop {
            match writer
                .submit(
                    Duration::from_millis(200),
                    || cassandra_flink_native::wire::parse_rows(&batch),
                    Timestamps::Client,
                )
                .expect("submit")
            {
                Submitted::Accepted(_) => break,
                Submitted::Full => continue,
                Submitted::FailuresPending => panic!("failures"),
            }
        }
    }
    while writer.flush(Duration::from_millis(200)).expect("flush") != Flushed::Done {}
    (cpu_seconds() - cpu, wall.elapsed().as_secs_f64())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let rows = args.first().copied().unwrap_or(1_000_000);
    let rounds = args.get(1).copied().unwrap_or(3);
    let multi = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let current = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let current_handle = current.handle().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let driver = std::thread::spawn(move || {
        current.block_on(async move {
            let _ = stopped.await;
        })
    });
    let (mut multi_cpu, mut current_cpu) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let (cpu, wall) = run(multi.handle(), rows);
        println!("round {round} multi-thread(2):  {cpu:.2} CPU-s, {wall:.2} s wall");
        multi_cpu.push(cpu);
        let (cpu, wall) = run(&current_handle, rows);
        println!("round {round} current-thread:   {cpu:.2} CPU-s, {wall:.2} s wall");
        current_cpu.push(cpu);
    }
    let per_million = |cpu: f64| cpu * 1e6 / f64::from(rows);
    println!(
        "median CPU-s per million rows: multi-thread {:.2}, current-thread {:.2}; load {}",
        per_million(median(multi_cpu)),
        per_million(median(current_cpu)),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let _ = stop.send(());
    let _ = driver.join();
}
