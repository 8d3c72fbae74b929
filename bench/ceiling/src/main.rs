//! The client-side ceiling for `scripts/bench` (variant c): the same rows the Flink jobs write,
//! generated and encoded in Rust and written through this crate's own `Session` + `Writer`
//! (the pipeline the JNI layer drives), with no JVM, no JNI and no Flink.
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
//! `setup` creates keyspace `bench` and its tables (scripts/bench uses it as its CQL client),
//! `write` prints the `BENCH_RESULT` line scripts/bench parses.

use cassandra_flink_native::config::ConnectionSettings;
use cassandra_flink_native::consistency::parse_consistency;
use cassandra_flink_native::error::Result;
use cassandra_flink_native::read::{fetch_page, PageRequest};
use cassandra_flink_native::runtime::RuntimeRef;
use cassandra_flink_native::session::Session;
use cassandra_flink_native::write::{Flushed, Submitted, Timestamps, Writer, WriterSettings};
use cdrs_tokio::types::value::Value;
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

fn run(args: &Args) -> Result<()> {
    let runtime = RuntimeRef::acquire()?;
    // Admin commands may be slow (TRUNCATE snapshots, count(*) of many rows): a long timeout.
    let settings = ConnectionSettings::from_json(&format!(
        r#"{{"contactPoints":["{}"],"port":{},"username":null,"password":null,
            "connectTimeoutMillis":5000,"requestTimeoutMillis":120000,"protocolVersion":4,
            "compression":"none","localDatacenter":null,"connectionsPerNode":1,
            "reconnectBaseDelayMillis":1000,"reconnectMaxDelayMillis":60000,"tls":null}}"#,
        args.host, args.port
    ))?;
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
            for table in ["narrow", "wide"] {
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
    // Every field, with the defaults of Java's WriterSettings.
    let config = WriterSettings::from_json(&format!(
        r#"{{"maxConcurrentRequests":{},"maxRetries":3,"retryBaseDelayMillis":100,
            "retryMaxDelayMillis":5000,"consistency":"LOCAL_ONE","serialConsistency":null,
            "idempotent":true,"maxWaitMillis":120000,"flushTimeoutMillis":null,"queueBatches":2}}"#,
        args.in_flight
    ))?;
    let writer = Writer::new(runtime, session, statement, config)?;

    let start = Instant::now();
    let cpu_start = cpu_ticks();
    let mut id = 0u64;
    while id < args.rows {
        let end = (id + args.batch as u64).min(args.rows);
        let mut batch: Option<Vec<Vec<Value>>> = Some(
            (id..end)
                .map(|i| {
                    if wide {
                        wide_row(i as i64)
                    } else {
                        narrow_row(i as i64)
                    }
                })
                .collect(),
        );
        // The same calls the JNI layer makes: wait in slices while the queue is full.
        loop {
            let outcome = writer.submit(
                Duration::from_millis(200),
                || Ok(batch.take().unwrap_or_default()),
                Timestamps::Client,
            )?;
            match outcome {
                Submitted::Accepted(_) => break,
                Submitted::Full => {}
                Submitted::FailuresPending => writer.raise_failures()?,
            }
        }
        id = end;
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

fn narrow_row(id: i64) -> Vec<Value> {
    vec![
        Value::Some(id.to_be_bytes().to_vec()),
        Value::Some(((id * 31 % 1_000_003) as i32).to_be_bytes().to_vec()),
    ]
}

/// The same values as `BenchSupport.wide(id)` on the Java side.
fn wide_row(id: i64) -> Vec<Value> {
    let name = format!("{}{:012}", &PAD[..88], id);
    let mut uuid = Vec::with_capacity(16);
    uuid.extend_from_slice(&(0x1234_5678_9abc_def0_i64 ^ id).to_be_bytes());
    uuid.extend_from_slice(&id.to_be_bytes());
    let mut counts = Vec::with_capacity(4 + 3 * 8);
    counts.extend_from_slice(&3i32.to_be_bytes());
    for k in 0..3 {
        counts.extend_from_slice(&4i32.to_be_bytes());
        counts.extend_from_slice(&((id + k) as i32).to_be_bytes());
    }
    vec![
        Value::Some(id.to_be_bytes().to_vec()),
        Value::Some(name.into_bytes()),
        Value::Some((1_700_000_000_000i64 + id).to_be_bytes().to_vec()),
        Value::Some(uuid),
        Value::Some((id as f64 * 0.5).to_be_bytes().to_vec()),
        Value::Some(counts),
        Value::Some(vec![u8::from(id & 1 == 0)]),
        Value::Some(((id % 1000) as i32).to_be_bytes().to_vec()),
        Value::Some((id * 1_000).to_be_bytes().to_vec()),
        Value::Some(format!("t{}", id % 100).into_bytes()),
    ]
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
