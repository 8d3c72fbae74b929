//! How many threads the native runtime runs for a TaskManager with 4 sink subtasks: each
//! subtask's writer acquires the shared runtime (as each `NativeSession` does) and writes
//! through it; the process gains exactly the runtime's 2 worker threads, however many writers.
//! One test in this binary, so no other test starts threads meanwhile.

use cassandra_flink_native::error::Result;
use cassandra_flink_native::runtime::RuntimeRef;
use cassandra_flink_native::write::{
    Execute, Flushed, Submitted, Timestamps, Writer, WriterSettings,
};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use std::time::Duration;

struct Answering;

impl Execute for Answering {
    async fn execute(&self, _params: &StatementParams) -> Result<()> {
        tokio::task::yield_now().await;
        Ok(())
    }

    async fn execute_batch(&self, _rows: &[Vec<Value>], _params: &StatementParams) -> Result<()> {
        Ok(())
    }

    fn query(&self) -> &str {
        "INSERT INTO t (id) VALUES (?)"
    }

    fn partition_key(&self) -> Vec<usize> {
        vec![0]
    }

    fn replica_set(&self, _routing_key: &[u8]) -> Option<u64> {
        None
    }
}

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|dir| dir.count())
        .unwrap_or(0)
}

fn runtime_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|dir| {
            dir.filter_map(|t| t.ok())
                .filter_map(|t| std::fs::read_to_string(t.path().join("comm")).ok())
                // comm holds at most 15 bytes of "cassandra-native-io".
                .filter(|name| name.starts_with("cassandra-nativ"))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn four_sink_subtasks_run_two_native_threads() {
    let before = threads();
    let settings = || {
        WriterSettings::from_json(
            r#"{"maxConcurrentRequests":64,"maxRetries":3,"retryBaseDelayMillis":100,
                "retryMaxDelayMillis":5000,"consistency":"LOCAL_ONE","serialConsistency":null,
                "idempotent":true,"maxWaitMillis":120000,"flushTimeoutMillis":null,
                "queueBatches":2,"maxRowsPerSecond":null,"maxBytesPerSecond":null,
                "batchGrouping":"NONE","batchMaxRows":64,"batchMaxBytes":4096,
                "primaryKeyColumns":[0]}"#,
        )
        .expect("settings")
    };
    let subtasks: Vec<(RuntimeRef, Writer)> = (0..4)
        .map(|_| {
            let runtime = RuntimeRef::acquire().expect("runtime");
            let writer = Writer::start(
                runtime.handle(),
                Answering,
                1,
                Duration::from_secs(30),
                settings(),
            )
            .expect("writer");
            (runtime, writer)
        })
        .collect();
    let mut rows = 2_000u32.to_be_bytes().to_vec();
    for id in 0..2_000u32 {
        rows.extend_from_slice(&1u16.to_be_bytes());
        rows.extend_from_slice(&4i32.to_be_bytes());
        rows.extend_from_slice(&id.to_be_bytes());
    }
    // Every writer busy at once, from its own "task thread".
    std::thread::scope(|scope| {
        for (_, writer) in &subtasks {
            let rows = &rows;
            scope.spawn(move || {
                for _ in 0..5 {
                    let submitted = writer
                        .submit(
                            Duration::from_secs(10),
                            || cassandra_flink_native::wire::parse_rows(rows),
                            Timestamps::Client,
                        )
                        .expect("submit");
                    assert!(matches!(
                        submitted,
                        Submitted::Accepted(2_000) | Submitted::Full
                    ));
                }
                let started = std::time::Instant::now();
                while writer.flush(Duration::from_millis(200)).expect("flush") != Flushed::Done {
                    assert!(started.elapsed() < Duration::from_secs(60), "flush hangs");
                }
            });
        }
    });
    // The submitting threads are joined, but the kernel may list an exited thread for a moment
    // longer (seen on a loaded machine): wait, within a bound, for it to go.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut during = threads();
    while during.saturating_sub(before) > 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        during = threads();
    }
    assert_eq!(runtime_threads(), 2, "worker threads of the shared runtime");
    assert_eq!(
        during.saturating_sub(before),
        2,
        "threads added by 4 writers"
    );
    drop(subtasks);
    // The last reference shuts the runtime down: no thread stays behind.
    assert_eq!(runtime_threads(), 0);
}
