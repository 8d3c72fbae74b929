//! Checkpoint bookkeeping of the exactly-once sinks: the table
//! `<keyspace>.checkpoints_<job>` (`sink_id text, sub_id int, checkpoint_id bigint,
//! PRIMARY KEY (sink_id, sub_id)`) and the statements that write and read it.

use crate::error::{Error, Result};
use crate::session::Session;
use crate::write::parse_consistency;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use std::time::Duration;
use tokio::sync::Mutex;

/// Commits and reads use a quorum of the local data center: a commit must survive a replica.
const CONSISTENCY: &str = "LOCAL_QUORUM";
const DDL_ATTEMPTS: u32 = 5;

/// Serialises this process's DDL: many subtasks starting at once must not race their
/// `CREATE ... IF NOT EXISTS` statements (concurrent schema changes can disagree).
static DDL_LOCK: Mutex<()> = Mutex::const_new(());

/// Where one committer keeps its rows.
#[derive(Debug)]
pub struct CheckpointTable {
    pub keyspace: String,
    pub table: String,
}

impl CheckpointTable {
    pub fn new(keyspace: &str, table: &str) -> Result<CheckpointTable> {
        for (what, name) in [("keyspace", keyspace), ("table", table)] {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(Error::Config(format!(
                    "checkpoint {what} name '{name}' must be letters, digits and underscores"
                )));
            }
        }
        Ok(CheckpointTable {
            keyspace: keyspace.to_string(),
            table: table.to_ascii_lowercase(),
        })
    }

    fn qualified(&self) -> String {
        format!("{}.{}", self.keyspace, self.table)
    }

    /// Creates the keyspace (with `replication`, a CQL map literal) and the table unless they
    /// exist. Safe to call from many subtasks at once.
    pub async fn create(&self, session: &Session, replication: &str) -> Result<()> {
        let _guard = DDL_LOCK.lock().await;
        let keyspace = format!(
            "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {replication}",
            self.keyspace
        );
        let table = format!(
            "CREATE TABLE IF NOT EXISTS {} (sink_id text, sub_id int, checkpoint_id bigint, PRIMARY KEY (sink_id, sub_id))",
            self.qualified()
        );
        for statement in [keyspace, table] {
            ddl_with_retries(session, &statement).await?;
        }
        Ok(())
    }

    /// Records that subtask `sub_id` of sink `sink_id` has written checkpoint `checkpoint_id`.
    pub async fn commit(
        &self,
        session: &Session,
        sink_id: &str,
        sub_id: i32,
        checkpoint_id: i64,
    ) -> Result<()> {
        let query = format!(
            "INSERT INTO {} (sink_id, sub_id, checkpoint_id) VALUES (?, ?, ?)",
            self.qualified()
        );
        let values = vec![text(sink_id), int(sub_id), bigint(checkpoint_id)];
        self.run(session, &query, values).await.map_err(|e| {
            e.context(format!(
                "committing checkpoint {checkpoint_id} of {sink_id}/{sub_id}"
            ))
        })?;
        Ok(())
    }

    /// The last checkpoint recorded for the subtask, if any.
    pub async fn last_committed(
        &self,
        session: &Session,
        sink_id: &str,
        sub_id: i32,
    ) -> Result<Option<i64>> {
        let query = format!(
            "SELECT checkpoint_id FROM {} WHERE sink_id = ? AND sub_id = ?",
            self.qualified()
        );
        let rows = self
            .run(session, &query, vec![text(sink_id), int(sub_id)])
            .await
            .map_err(|e| {
                e.context(format!(
                    "reading the committed checkpoint of {sink_id}/{sub_id}"
                ))
            })?;
        let cell = rows
            .first()
            .and_then(|row| row.first())
            .and_then(|c| c.as_slice());
        match cell {
            None => Ok(None),
            Some(bytes) => {
                let array: [u8; 8] = bytes.try_into().map_err(|_| {
                    Error::Internal(format!("checkpoint_id has {} bytes, not 8", bytes.len()))
                })?;
                Ok(Some(i64::from_be_bytes(array)))
            }
        }
    }

    async fn run(
        &self,
        session: &Session,
        query: &str,
        values: Vec<Value>,
    ) -> Result<Vec<Vec<cdrs_tokio::types::CBytes>>> {
        let statement = session.prepare(query, None).await?;
        let params = StatementParams {
            query_params: QueryParams {
                consistency: parse_consistency(CONSISTENCY)?,
                values: Some(QueryValues::SimpleValues(values)),
                ..QueryParams::default()
            },
            is_idempotent: true,
            ..StatementParams::default()
        };
        let envelope = session.execute(&statement, &params).await?;
        Ok(crate::session::rows_of(&envelope)?.rows)
    }
}

async fn ddl_with_retries(session: &Session, statement: &str) -> Result<()> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match session.query(statement, parse_consistency("ONE")?).await {
            Ok(_) => return Ok(()),
            Err(Error::InvalidQuery(m)) if m.contains("already exists") => return Ok(()),
            Err(error @ (Error::InvalidQuery(_) | Error::Auth(_) | Error::Config(_))) => {
                return Err(error)
            }
            Err(error) if attempt < DDL_ATTEMPTS => {
                log::warn!(
                    "schema change failed (attempt {attempt} of {DDL_ATTEMPTS}), retrying: {error}"
                );
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            Err(error) => return Err(error),
        }
    }
}

fn text(value: &str) -> Value {
    Value::Some(value.as_bytes().to_vec())
}

fn int(value: i32) -> Value {
    Value::Some(value.to_be_bytes().to_vec())
}

fn bigint(value: i64) -> Value {
    Value::Some(value.to_be_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_tables_lower_cased() {
        let t = CheckpointTable::new("flink_auxiliary", "checkpoints_Job1").unwrap();
        assert_eq!(t.qualified(), "flink_auxiliary.checkpoints_job1");
        let e = CheckpointTable::new("bad-ks", "t").unwrap_err();
        assert!(e.to_string().contains("bad-ks"), "{e}");
    }
}
