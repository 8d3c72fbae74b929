//! Allocator calls per row on the write path, counted by a counting global allocator (one test
//! in this binary, so nothing else allocates meanwhile; the runtime is a current-thread one
//! driven by the test thread, so the count is deterministic). The figures are reported in
//! docs/performance.md; the asserts are the ceilings our own code must stay under.

use cassandra_flink_native::error::Result;
use cassandra_flink_native::write::{Execute, Submitted, Timestamps, Writer, WriterSettings};
use cdrs_tokio::compression::Compression;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::frame::{Envelope, Flags, Version};
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use cdrs_tokio::types::CBytesShort;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

struct Counting;

static CALLS: AtomicU64 = AtomicU64::new(0);

// SAFETY: delegates to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn calls() -> u64 {
    CALLS.load(Ordering::Relaxed)
}

/// Answers every write at once, allocating nothing: what remains is the pipeline's own cost.
struct Instant;

impl Execute for Instant {
    async fn execute(&self, _params: &StatementParams) -> Result<()> {
        Ok(())
    }

    async fn execute_batch(&self, _rows: &[Vec<Value>], _params: &StatementParams) -> Result<()> {
        Ok(())
    }

    fn query(&self) -> &str {
        "INSERT INTO t (id, a, b) VALUES (?, ?, ?)"
    }

    /// Partitions of 7 rows (the second value is `id / 7`).
    fn partition_key(&self) -> Vec<usize> {
        vec![1]
    }

    fn replica_set(&self, _routing_key: &[u8]) -> Option<u64> {
        Some(0)
    }
}

const COLUMNS: usize = 3;
const BATCH: u32 = 1_000;

/// One submitted batch in the wire layout: `BATCH` narrow rows of three values.
fn row_buffer(first: u32) -> Vec<u8> {
    let mut out = BATCH.to_be_bytes().to_vec();
    for id in first..first + BATCH {
        out.extend_from_slice(&(COLUMNS as u16).to_be_bytes());
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

fn settings(grouping: &str) -> WriterSettings {
    WriterSettings::from_json(&format!(
        r#"{{"maxConcurrentRequests":256,"maxRetries":3,"retryBaseDelayMillis":100,
            "retryMaxDelayMillis":5000,"consistency":"LOCAL_ONE","serialConsistency":null,
            "idempotent":true,"maxWaitMillis":120000,"flushTimeoutMillis":null,"queueBatches":2,
            "maxRowsPerSecond":null,"maxBytesPerSecond":null,"batchGrouping":"{grouping}",
            "batchMaxRows":64,"batchMaxBytes":4096,"primaryKeyColumns":[1,0]}}"#
    ))
    .expect("settings")
}

/// Allocator calls for writing `batches` batches of `BATCH` rows through a writer: parse,
/// queue, drive, complete. The writer is created before counting starts.
fn pipeline_calls(runtime: &tokio::runtime::Runtime, grouping: &str, batches: u32) -> u64 {
    let writer = Writer::start(
        runtime.handle(),
        Instant,
        COLUMNS,
        Duration::from_secs(30),
        settings(grouping),
    )
    .expect("writer");
    let buffers: Vec<Vec<u8>> = (0..batches).map(|b| row_buffer(b * BATCH)).collect();
    let before = calls();
    for buffer in &buffers {
        let submitted = writer
            .submit(
                Duration::from_secs(10),
                || cassandra_flink_native::wire::parse_rows(buffer),
                Timestamps::Client,
            )
            .expect("submit");
        assert_eq!(submitted, Submitted::Accepted(BATCH as usize));
        // Let the driving task finish the batch (yield_now allocates nothing).
        runtime.block_on(async {
            while writer.metrics.held_rows.load(Ordering::Acquire) > 0 {
                tokio::task::yield_now().await;
            }
        });
    }
    let spent = calls() - before;
    assert_eq!(
        writer.metrics.rows_sent.load(Ordering::Relaxed),
        u64::from(batches * BATCH)
    );
    // Dropped inside the runtime: a writer dropped on a Java thread waits for its aborted task,
    // which only `Runtime::block_on` drives on a current-thread runtime.
    runtime.block_on(async move { drop(writer) });
    spent
}

/// What cdrs-tokio's `exec_with_params` allocates per row before it reaches the connection: the
/// EXECUTE body (`new_req_execute`) and the frame (`encode_with`, which copies the body).
fn cdrs_frame_calls(rows: u32) -> u64 {
    let id = CBytesShort::new(vec![7; 16]);
    let before = calls();
    for i in 0..rows {
        let params = QueryParams {
            consistency: Consistency::LocalOne,
            values: Some(QueryValues::SimpleValues(vec![
                Value::Some(i.to_be_bytes().to_vec()),
                Value::Some((i / 7).to_be_bytes().to_vec()),
                Value::Some(42u32.to_be_bytes().to_vec()),
            ])),
            timestamp: Some(i64::from(i)),
            ..QueryParams::default()
        };
        let envelope = Envelope::new_req_execute(&id, None, &params, Flags::empty(), Version::V4);
        let frame = envelope.encode_with(Compression::None).expect("frame");
        std::hint::black_box(frame);
    }
    calls() - before
}

#[test]
fn allocator_calls_per_row() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The marginal cost of 1,000 rows: constant costs (writer, first growths) cancel out.
    let per_row = |grouping: &str| {
        let one = pipeline_calls(&runtime, grouping, 2);
        let two = pipeline_calls(&runtime, grouping, 4);
        (two - one) as f64 / f64::from(2 * BATCH)
    };
    let none = per_row("NONE");
    let partition = per_row("PARTITION");
    // The values of one row (3) are counted apart: cdrs-tokio's `Value::Some(Vec<u8>)` forces one
    // allocation per value, and `QueryValues::SimpleValues(Vec<Value>)` one per row.
    let frame = (cdrs_frame_calls(2 * BATCH) - cdrs_frame_calls(BATCH)) as f64 / f64::from(BATCH);
    println!(
        "allocator calls per row: pipeline NONE {none:.3}, PARTITION {partition:.3}; \
         cdrs EXECUTE body + frame {frame:.3} (with the row's {COLUMNS} values + 1 row Vec)"
    );
    // Our pipeline: the row's Vec<Value> and its 3 value Vecs (forced by cdrs' API) and the
    // request's task in the FuturesUnordered: 5; nothing else per row.
    assert!(none <= 5.01, "pipeline allocates {none} times per row");
    assert!(
        partition <= 5.01,
        "grouped pipeline allocates {partition} times per row"
    );
    assert!(frame >= 1.0, "the frame is built somewhere: {frame}");
}
