//! The client-side ceiling for `scripts/bench` (variant c): the same rows the Flink jobs write,
//! generated in Rust, encoded into the row-buffer layout Java's `RowBuffer` writes
//! (`wire::parse_rows`), and submitted batch by batch through the connector's own `Session` +
//! `Writer` exactly as the JNI layer's `NativeWriter.submit` does (`rust/src/jni/writer.rs`):
//! the same pipeline, with no JVM, no JNI and no Flink. Keep `submit_batch` in step with that
//! export.
//!
//! ```text
//! cargo run --release -p bench-ceiling -- write --host H --port P --shape narrow|wide --rows N
//!     [--batch 1000] [--in-flight 256] [--runtime shared|current]
//! cargo run --release -p bench-ceiling -- setup|truncate --host H --port P
//! cargo run --release -p bench-ceiling -- count --host H --port P --table narrow
//! ```
//!
//! `--runtime current` writes through a session and writer on their own current-thread runtime
//! (driven by one thread) instead of the shared multi-thread runtime the JNI layer uses.
//!
//! `setup` creates keyspace `bench` and its tables (scripts/bench uses it as its CQL client;
//! `clustered` is written by the Flink jobs only),
//! `write` prints the `BENCH_RESULT` line scripts/bench parses.

use cassandra_flink_native::config::ConnectionSettings;
use cassandra_flink_native::consistency::parse_consistency;
use cassandra_flink_native::error::Result;
use cassandra_flink_native::read::{fetch_page, PageRequest};
use cassandra_flink_native::runtime::RuntimeRef;
use cassandra_flink_native::session::Session;
use cassandra_flink_native::wire::parse_rows;
use cassandra_flink_native::write::{Flushed, Submitted, Timestamps, Writer, WriterSettings};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

const NARROW_INSERT: &str = "INSERT INTO bench.narrow (id, v) VALUES (?, ?)";
const WIDE_INSERT: &str =
    "INSERT INTO bench.wide (id, name, ts, uid, score, counts, flag, qty, amount, tag) \
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const PAD: &str = "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs! 0123456789";

const DDL: &[&str] = &[
    "CREATE KEYSPACE IF NOT EXISTS bench WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    "CREATE TABLE IF NOT EXISTS bench.narrow (id bigint PRIMARY KEY, v int)",
    // the Flink jobs' clustered shape (batch grouping variants): 16 consecutive ids per bucket
    "CREATE TABLE IF NOT EXISTS bench.clustered (bucket bigint, id bigint, v int, PRIMARY KEY (bucket, id))",
    "CREATE TABLE IF NOT EXISTS bench.wide (id bigint PRIMARY KEY, name text, ts timestamp, uid uuid, \
     score double, counts list<int>, flag boolean, qty int, amount bigint, tag text)",
];

struct Args {
    command: String,
    host: String,
    port: u16,
    shape: String,
    table: String,
    rows: u64,
    batch: usize,
    in_flight: usize,
    runtime: String,
}

fn parse_args() -> Args {
    let mut args = Args {
        command: String::new(),
        host: "127.0.0.1".into(),
        port: 9042,
        shape: "narrow".into(),
        table: "narrow".into(),
        rows: 20_000,
        batch: 1_000,
        in_flight: 256,
        runtime: "shared".into(),
    };
    let mut it = std::env::args().skip(1);
    args.command = it.next().unwrap_or_else(|| usage());
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--host" => args.host = value,
            "--port" => args.port = value.parse().unwrap_or_else(|_| usage()),
            "--shape" => args.shape = value,
            "--table" => args.table = value,
            "--rows" => args.rows = value.parse().unwrap_or_else(|_| usage()),
            "--batch" => args.batch = value.parse().unwrap_or_else(|_| usage()),
            "--in-flight" => args.in_flight = value.parse().unwrap_or_else(|_| usage()),
            "--runtime" => args.runtime = value,
            _ => usage(),
        }
    }
    args
}

fn usage() -> ! {
    eprintln!("usage: write_ceiling write|setup|truncate|count --host H --port P [--shape narrow|wide] [--table T] [--rows N] [--batch B] [--in-flight K]");
    std::process::exit(2)
}

fn main() {
    let args = parse_args();
    if let Err(e) = run(&args) {
        eprintln!("write_ceiling {}: {e}", args.command);
        std::process::exit(1);
    }
}

/// Counts the rows by paging through their keys: `SELECT count(*)` of a million wide rows runs
/// into the server's range-read timeout, pages never do.
fn count(runtime: &RuntimeRef, session: &Session, table: &str) -> Result<u64> {
    let statement =
        runtime.block_on(session.prepare(&format!("SELECT id FROM bench.{table}"), None))?;
    let mut total = 0u64;
    let mut paging_state = None;
    loop {
        let request = PageRequest::new(
            Vec::new(),
            parse_consistency("LOCAL_ONE")?,
            5_000,
            paging_state,
        )?;
        let page = runtime.block_on(fetch_page(session, &statement, request))?;
        total += page.rows.len() as u64;
        match page.paging_state {
            Some(next) => paging_state = Some(next),
            None => return Ok(total),
        }
    }
}

/// The session's settings document, every field as Java's `ConnectionSettings` sends it.
/// Admin commands may be slow (TRUNCATE snapshots, counting many rows): a long request timeout.
fn connection_settings(host: &str, port: u16) -> Result<ConnectionSettings> {
    ConnectionSettings::from_json(&format!(
        r#"{{"contactPoints":["{}"],"port":{},"username":null,"password":null,
            "connectTimeoutMillis":5000,"requestTimeoutMillis":120000,"protocolVersion":4,
            "compression":"none","localDatacenter":null,"connectionsPerNode":1,
            "reconnectBaseDelayMillis":1000,"reconnectMaxDelayMillis":60000,"tls":null,
            "keyspace":null}}"#,
        host, port
    ))
}

/// The writer's settings document: every field, with the defaults of Java's `WriterSettings`.
fn writer_settings(in_flight: usize) -> Result<WriterSettings> {
    WriterSettings::from_json(&format!(
        r#"{{"maxConcurrentRequests":{},"maxRetries":3,"retryBaseDelayMillis":100,
            "retryMaxDelayMillis":5000,"consistency":"LOCAL_ONE","serialConsistency":null,
            "idempotent":true,"maxWaitMillis":120000,"flushTimeoutMillis":null,"queueBatches":2,
            "maxRowsPerSecond":null,"maxBytesPerSecond":null,"batchGrouping":"NONE",
            "batchMaxRows":64,"batchMaxBytes":4096,"primaryKeyColumns":[]}}"#,
        in_flight
    ))
}

fn run(args: &Args) -> Result<()> {
    let runtime = RuntimeRef::acquire()?;
    // Admin commands may be slow (TRUNCATE snapshots, count(*) of many rows): a long timeout.
    let settings = connection_settings(&args.host, args.port)?;
    let session = Arc::new(runtime.block_on(Session::connect(settings))?);
    let one = parse_consistency("LOCAL_ONE")?;
    match args.command.as_str() {
        "setup" => {
            for ddl in DDL {
                runtime.block_on(session.query(ddl, one))?;
            }
            println!("bench keyspace and tables ready");
        }
        "truncate" => {
            for table in ["narrow", "wide", "clustered"] {
                runtime.block_on(session.query(&format!("TRUNCATE bench.{table}"), one))?;
            }
        }
        "count" => println!("{}", count(&runtime, &session, &args.table)?),
        "write" => write(args, &runtime, session)?,
        _ => usage(),
    }
    Ok(())
}

fn write(args: &Args, runtime: &RuntimeRef, session: Arc<Session>) -> Result<()> {
    if args.runtime == "current" {
        // A runtime of its own, driven by one thread; the session lives on it too.
        let own = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| cassandra_flink_native::error::Error::Internal(e.to_string()))?;
        let handle = own.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let driver = std::thread::spawn(move || {
            own.block_on(async move {
                let _ = stopped.await;
            })
        });
        let settings = session.settings().clone();
        let own_session = Arc::new(handle.block_on(Session::connect(settings))?);
        let result = write_on(args, &handle, own_session);
        let _ = stop.send(());
        let _ = driver.join();
        return result;
    }
    write_on(args, runtime.handle(), session)
}

fn write_on(args: &Args, runtime: &tokio::runtime::Handle, session: Arc<Session>) -> Result<()> {
    let wide = args.shape == "wide";
    let query = if wide { WIDE_INSERT } else { NARROW_INSERT };
    let statement = runtime.block_on(session.prepare(query, None))?;
    let config = writer_settings(args.in_flight)?;
    let writer = Writer::new(runtime, session, statement, config)?;

    let start = Instant::now();
    let cpu_start = cpu_ticks();
    // One buffer, reused for every batch, as Java's RowBuffer is.
    let mut buffer: Vec<u8> = Vec::with_capacity(args.batch * if wide { 220 } else { 24 });
    let mut id = 0u64;
    let mut reported = 0u64;
    while id < args.rows {
        let end = (id + args.batch as u64).min(args.rows);
        buffer.clear();
        buffer.extend_from_slice(&((end - id) as u32).to_be_bytes());
        for i in id..end {
            if wide {
                put_wide_row(&mut buffer, i as i64);
            } else {
                put_narrow_row(&mut buffer, i as i64);
            }
        }
        submit_batch(&writer, &buffer)?;
        id = end;
        if id - reported >= PROGRESS_STEP {
            reported = id;
            progress(id);
        }
    }
    loop {
        match writer.flush(Duration::from_millis(200))? {
            Flushed::Done => break,
            Flushed::FailuresPending => writer.raise_failures()?,
            Flushed::Pending => continue,
            Flushed::TimedOut => {
                return Err(cassandra_flink_native::error::Error::WriteTimeout(
                    "flush timed out".into(),
                ))
            }
        }
    }
    let phase = start.elapsed().as_secs_f64();
    let cpu = (cpu_ticks() - cpu_start) as f64 / 100.0;
    println!(
        "BENCH_RESULT variant=ceiling-{} rows={} phase_s={phase:.3} exec_s={phase:.3} phase_cpu_s={cpu:.2} rows_per_s={:.0}",
        args.shape,
        args.rows,
        args.rows as f64 / phase
    );
    Ok(())
}

const PROGRESS_STEP: u64 = 1 << 16;

/// The line scripts/bench shows while the run goes (rows submitted so far).
fn progress(rows: u64) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "BENCH_PROGRESS rows={rows}");
    let _ = out.flush();
}

/// Hands one encoded batch to the writer the way `NativeWriter.submit` does: the writer parses
/// the buffer once there is room (`wire::parse_rows`, client timestamps), and a full queue is
/// waited on in 200 ms slices (Java's wait).
fn submit_batch(writer: &Writer, buffer: &[u8]) -> Result<()> {
    loop {
        match writer.submit(
            Duration::from_millis(200),
            || parse_rows(buffer),
            Timestamps::Client,
        )? {
            Submitted::Accepted(_) => return Ok(()),
            Submitted::Full => {}
            Submitted::FailuresPending => writer.raise_failures()?,
        }
    }
}

/// One value in the row-buffer layout: `[i32 length][bytes]`.
fn put_value(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// `[u16 column count][values]` of `BenchSupport.narrow(id)`.
fn put_narrow_row(out: &mut Vec<u8>, id: i64) {
    out.extend_from_slice(&2u16.to_be_bytes());
    put_value(out, &id.to_be_bytes());
    put_value(out, &((id * 31 % 1_000_003) as i32).to_be_bytes());
}

/// The same values as `BenchSupport.wide(id)` on the Java side.
fn put_wide_row(out: &mut Vec<u8>, id: i64) {
    out.extend_from_slice(&10u16.to_be_bytes());
    put_value(out, &id.to_be_bytes());
    let name = format!("{}{:012}", &PAD[..88], id);
    put_value(out, name.as_bytes());
    put_value(out, &(1_700_000_000_000i64 + id).to_be_bytes());
    let mut uuid = [0u8; 16];
    uuid[..8].copy_from_slice(&(0x1234_5678_9abc_def0_i64 ^ id).to_be_bytes());
    uuid[8..].copy_from_slice(&id.to_be_bytes());
    put_value(out, &uuid);
    put_value(out, &(id as f64 * 0.5).to_be_bytes());
    // list<int>: [i32 count]([i32 length][i32])*
    out.extend_from_slice(&(4 + 3 * 8i32).to_be_bytes());
    out.extend_from_slice(&3i32.to_be_bytes());
    for k in 0..3 {
        out.extend_from_slice(&4i32.to_be_bytes());
        out.extend_from_slice(&((id + k) as i32).to_be_bytes());
    }
    put_value(out, &[u8::from(id & 1 == 0)]);
    put_value(out, &((id % 1000) as i32).to_be_bytes());
    put_value(out, &(id * 1_000).to_be_bytes());
    put_value(out, format!("t{}", id % 100).as_bytes());
}

/// utime + stime of this process, all threads, in clock ticks (USER_HZ = 100).
fn cpu_ticks() -> i64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<i64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ceiling builds its settings documents itself: they must stay those the connector's
    /// Rust side accepts (every field required, unknown ones refused) as the settings evolve.
    #[test]
    fn settings_documents_are_accepted() {
        let connection = connection_settings("127.0.0.1", 9042);
        assert!(connection.is_ok(), "{:?}", connection.err());
        let writer = writer_settings(256);
        assert!(writer.is_ok(), "{:?}", writer.err());
        assert_eq!(writer.ok().map(|w| w.max_concurrent_requests), Some(256));
    }
}
