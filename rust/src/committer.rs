//! Checkpoint bookkeeping of the exactly-once sinks: the table `<keyspace>.checkpoints_<job>`
//! (`sink_id text, sub_id int, checkpoint_id bigint, committed set<bigint>,
//! PRIMARY KEY (sink_id, sub_id)`) and the statements that write and read it.
//!
//! `committed` holds the exact ids a subtask index has committed: after a rescale, one subtask
//! may commit checkpoint M of index i while another still holds an unwritten checkpoint N < M of
//! index i, so "N <= last committed" cannot tell whether N was written. `checkpoint_id` keeps the
//! specification's meaning (the last checkpoint committed) and is how rows written before the set
//! existed are read. Tables of the specification's layout get the column added once.

use crate::error::{Error, Result};
use crate::session::Session;
use crate::statements::Statement;
use cdrs_tokio::consistency::Consistency;
use cdrs_tokio::query::{QueryParams, QueryValues};
use cdrs_tokio::statement::StatementParams;
use cdrs_tokio::types::value::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Commits and reads use a quorum of the local data center: a commit must survive a replica.
const CONSISTENCY: Consistency = Consistency::LocalQuorum;
/// Schema reads and DDL: one node answers (agreement is awaited separately).
const SCHEMA_CONSISTENCY: Consistency = Consistency::One;
const DDL_ATTEMPTS: u32 = 5;
/// How long to wait for every node to report the same schema after a change (the DataStax
/// drivers' default); a cluster still disagreeing after it is logged, as the drivers do.
const SCHEMA_AGREEMENT_WAIT: Duration = Duration::from_secs(10);
const COMMITTED_COLUMN: &str = "committed";

/// Where one committer keeps its rows.
#[derive(Debug)]
pub struct CheckpointTable {
    pub keyspace: String,
    pub table: String,
}

/// What the table records for one subtask index.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Commits {
    /// `checkpoint_id`: the last committed checkpoint.
    pub last: Option<i64>,
    /// `committed`: the exact committed ids; `None` for a row written before the set existed.
    pub committed: Option<Vec<i64>>,
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
        // Unquoted CQL names are case-insensitive and stored lower-cased in system_schema.
        Ok(CheckpointTable {
            keyspace: keyspace.to_ascii_lowercase(),
            table: table.to_ascii_lowercase(),
        })
    }

    fn qualified(&self) -> String {
        format!("{}.{}", self.keyspace, self.table)
    }

    /// Creates the keyspace (with `replication`, a CQL map literal) and the table unless they
    /// exist, and adds the `committed` column to a table of the older layout.
    ///
    /// `system_schema` is read first, so a role without CREATE/ALTER permission works when
    /// everything exists. Concurrent callers, also in other processes, are serialised by
    /// Cassandra itself: `IF NOT EXISTS` (an "already exists" answer counts as success), then a
    /// wait for schema agreement before anyone uses the table.
    pub async fn create(&self, session: &Session, replication: &str) -> Result<()> {
        if !self.keyspace_exists(session).await? {
            let keyspace = format!(
                "CREATE KEYSPACE IF NOT EXISTS {} WITH replication = {replication}",
                self.keyspace
            );
            ddl_with_retries(session, &keyspace).await?;
        }
        let columns = self.columns(session).await?;
        if columns.is_empty() {
            // A fixed table id: two processes creating the table at once would otherwise each
            // make their own id, and the one that loses the schema merge leaves its writes and
            // prepared statements on a table that no longer exists ("Unknown CF").
            let table = format!(
                "CREATE TABLE IF NOT EXISTS {} (sink_id text, sub_id int, checkpoint_id bigint, \
                 {COMMITTED_COLUMN} set<bigint>, PRIMARY KEY (sink_id, sub_id)) WITH ID = {}",
                self.qualified(),
                self.table_id()
            );
            ddl_with_retries(session, &table).await?;
        } else if !columns.contains(COMMITTED_COLUMN) {
            let alter = format!(
                "ALTER TABLE {} ADD {COMMITTED_COLUMN} set<bigint>",
                self.qualified()
            );
            if let Err(error) = ddl_with_retries(session, &alter).await {
                // Another process may have added it meanwhile: the server then refuses ours as
                // an invalid query. What counts is whether the column is there now.
                if !matches!(error, Error::InvalidQuery(_))
                    || !self.columns(session).await?.contains(COMMITTED_COLUMN)
                {
                    return Err(error);
                }
                await_schema_agreement(session).await?;
            }
        }
        Ok(())
    }

    /// The id every process gives this table: a UUID derived from its qualified name (FNV-1a,
    /// stable across processes and builds).
    fn table_id(&self) -> String {
        let name = format!("flink-cassandra-checkpoints/{}", self.qualified());
        let hash = |basis: u64| {
            name.bytes().fold(basis, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        let (high, low) = (hash(0xcbf2_9ce4_8422_2325), hash(0x6c62_272e_07bb_0142));
        // Version 4 and RFC 4122 variant bits, so it reads as an ordinary random UUID.
        let high = (high & !0xf000) | 0x4000;
        let low = (low & !(0xc000_u64 << 48)) | (0x8000_u64 << 48);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xffff,
            low >> 48,
            low & 0xffff_ffff_ffff
        )
    }

    async fn keyspace_exists(&self, session: &Session) -> Result<bool> {
        let rows = session
            .query(
                &format!(
                    "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = '{}'",
                    self.keyspace
                ),
                SCHEMA_CONSISTENCY,
            )
            .await?;
        Ok(!rows.rows.is_empty())
    }

    /// The table's column names; empty when the table does not exist.
    async fn columns(&self, session: &Session) -> Result<BTreeSet<String>> {
        let rows = session
            .query(
                &format!(
                    "SELECT column_name FROM system_schema.columns WHERE keyspace_name = '{}' AND table_name = '{}'",
                    self.keyspace, self.table
                ),
                SCHEMA_CONSISTENCY,
            )
            .await?;
        Ok(rows
            .rows
            .iter()
            .filter_map(|row| row.first().and_then(|c| c.as_slice()))
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .collect())
    }

    /// Creates the table (see [`CheckpointTable::create`]) and prepares the committer's
    /// statements, once: every later call only binds and executes.
    pub async fn open(self, session: &Session, replication: &str) -> Result<Committer> {
        self.create(session, replication).await?;
        let qualified = self.qualified();
        let table = &qualified;
        let prepare = |query: String| async move {
            session
                .prepare(&query, None)
                .await
                .map_err(|e| e.context(format!("opening the checkpoint table {table}")))
        };
        let commit = prepare(format!(
            "UPDATE {} SET checkpoint_id = ?, {COMMITTED_COLUMN} = {COMMITTED_COLUMN} + ? WHERE sink_id = ? AND sub_id = ?",
            self.qualified()
        ))
        .await?;
        let forget = prepare(format!(
            "UPDATE {} SET {COMMITTED_COLUMN} = {COMMITTED_COLUMN} - ? WHERE sink_id = ? AND sub_id = ?",
            self.qualified()
        ))
        .await?;
        let read = prepare(format!(
            "SELECT checkpoint_id, {COMMITTED_COLUMN} FROM {} WHERE sink_id = ? AND sub_id = ?",
            self.qualified()
        ))
        .await?;
        Ok(Committer {
            table: self,
            commit,
            forget,
            read,
        })
    }
}

/// An open committer: its table's statements, prepared once at [`CheckpointTable::open`].
pub struct Committer {
    table: CheckpointTable,
    commit: Arc<Statement>,
    forget: Arc<Statement>,
    read: Arc<Statement>,
}

impl Committer {
    pub fn table(&self) -> &CheckpointTable {
        &self.table
    }

    /// Records that subtask index `sub_id` of sink `sink_id` has written checkpoint
    /// `checkpoint_id`; `last` is the new `checkpoint_id` (the largest the caller knows).
    pub async fn commit(
        &self,
        session: &Session,
        sink_id: &str,
        sub_id: i32,
        checkpoint_id: i64,
        last: i64,
    ) -> Result<()> {
        let values = vec![
            bigint(last),
            bigint_set(&[checkpoint_id]),
            text(sink_id),
            int(sub_id),
        ];
        run(session, &self.commit, values).await.map_err(|e| {
            e.context(format!(
                "committing checkpoint {checkpoint_id} of {sink_id}/{sub_id}"
            ))
        })?;
        Ok(())
    }

    /// Removes old ids from the subtask's committed set, which would otherwise grow forever.
    pub async fn forget(
        &self,
        session: &Session,
        sink_id: &str,
        sub_id: i32,
        checkpoint_ids: &[i64],
    ) -> Result<()> {
        if checkpoint_ids.is_empty() {
            return Ok(());
        }
        let values = vec![bigint_set(checkpoint_ids), text(sink_id), int(sub_id)];
        run(session, &self.forget, values).await.map_err(|e| {
            e.context(format!(
                "pruning committed checkpoints of {sink_id}/{sub_id}"
            ))
        })?;
        Ok(())
    }

    /// What the table records for the subtask index.
    pub async fn commits(&self, session: &Session, sink_id: &str, sub_id: i32) -> Result<Commits> {
        let rows = run(session, &self.read, vec![text(sink_id), int(sub_id)])
            .await
            .map_err(|e| {
                e.context(format!(
                    "reading the committed checkpoints of {sink_id}/{sub_id}"
                ))
            })?;
        let Some(row) = rows.first() else {
            return Ok(Commits::default());
        };
        let last = row
            .first()
            .and_then(|c| c.as_slice())
            .map(parse_bigint)
            .transpose()?;
        let committed = row
            .get(1)
            .and_then(|c| c.as_slice())
            .map(parse_bigint_set)
            .transpose()?;
        Ok(Commits { last, committed })
    }
}

/// Executes one of the committer's statements at [`CONSISTENCY`].
async fn run(
    session: &Session,
    statement: &Statement,
    values: Vec<Value>,
) -> Result<Vec<Vec<cdrs_tokio::types::CBytes>>> {
    let params = StatementParams {
        query_params: QueryParams {
            consistency: CONSISTENCY,
            values: Some(QueryValues::SimpleValues(values)),
            ..QueryParams::default()
        },
        is_idempotent: true,
        ..StatementParams::default()
    };
    let envelope = session.execute(statement, &params).await?;
    Ok(crate::session::rows_of(&envelope)?.rows)
}

/// Runs one schema change, then waits until the cluster agrees on the schema.
async fn ddl_with_retries(session: &Session, statement: &str) -> Result<()> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match session.query(statement, SCHEMA_CONSISTENCY).await {
            Ok(_) => break,
            // Another process created it first (with IF NOT EXISTS the server usually says
            // nothing).
            Err(Error::AlreadyExists(_)) => break,
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
    await_schema_agreement(session).await
}

/// Waits until the coordinator and every peer it knows report the same schema version.
async fn await_schema_agreement(session: &Session) -> Result<()> {
    let deadline = Instant::now() + SCHEMA_AGREEMENT_WAIT;
    loop {
        let local = session
            .query(
                "SELECT schema_version FROM system.local WHERE key = 'local'",
                SCHEMA_CONSISTENCY,
            )
            .await?;
        let peers = session
            .query(
                "SELECT schema_version FROM system.peers",
                SCHEMA_CONSISTENCY,
            )
            .await?;
        let versions: BTreeSet<Vec<u8>> = local
            .rows
            .iter()
            .chain(peers.rows.iter())
            .filter_map(|row| row.first().and_then(|c| c.as_slice()).map(<[u8]>::to_vec))
            .collect();
        if versions.len() <= 1 {
            return Ok(());
        }
        if Instant::now() >= deadline {
            log::warn!(
                "no schema agreement after {} s ({} versions); continuing",
                SCHEMA_AGREEMENT_WAIT.as_secs(),
                versions.len()
            );
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
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

/// A `set<bigint>` in the protocol's collection form: [int n] then n × ([int 8] [8 bytes]).
fn bigint_set(values: &[i64]) -> Value {
    let mut bytes = Vec::with_capacity(4 + values.len() * 12);
    bytes.extend_from_slice(&(values.len() as i32).to_be_bytes());
    for value in values {
        bytes.extend_from_slice(&8i32.to_be_bytes());
        bytes.extend_from_slice(&value.to_be_bytes());
    }
    Value::Some(bytes)
}

fn parse_bigint(bytes: &[u8]) -> Result<i64> {
    let array: [u8; 8] = bytes
        .try_into()
        .map_err(|_| Error::Internal(format!("bigint has {} bytes, not 8", bytes.len())))?;
    Ok(i64::from_be_bytes(array))
}

fn parse_bigint_set(bytes: &[u8]) -> Result<Vec<i64>> {
    let malformed = || Error::Internal(format!("malformed set<bigint> of {} bytes", bytes.len()));
    let read_int = |at: usize| -> Result<i32> {
        let slice = bytes.get(at..at + 4).ok_or_else(malformed)?;
        let array: [u8; 4] = slice.try_into().map_err(|_| malformed())?;
        Ok(i32::from_be_bytes(array))
    };
    let count = usize::try_from(read_int(0)?).map_err(|_| malformed())?;
    let mut values = Vec::with_capacity(count.min(bytes.len() / 12));
    let mut at = 4;
    for _ in 0..count {
        if read_int(at)? != 8 {
            return Err(malformed());
        }
        let element = bytes.get(at + 4..at + 12).ok_or_else(malformed)?;
        values.push(parse_bigint(element)?);
        at += 12;
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_lower_cased() {
        let t = CheckpointTable::new("Flink_Auxiliary", "checkpoints_Job1").unwrap();
        assert_eq!(t.qualified(), "flink_auxiliary.checkpoints_job1");
        let e = CheckpointTable::new("bad-ks", "t").unwrap_err();
        assert!(e.to_string().contains("bad-ks"), "{e}");
    }

    #[test]
    fn table_ids_are_fixed_per_table_and_valid_uuids() {
        let a = CheckpointTable::new("ks", "checkpoints_a").unwrap();
        let id = a.table_id();
        assert_eq!(
            id,
            CheckpointTable::new("KS", "checkpoints_A")
                .unwrap()
                .table_id()
        );
        assert_ne!(
            id,
            CheckpointTable::new("ks", "checkpoints_b")
                .unwrap()
                .table_id()
        );
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, vec![8, 4, 4, 4, 12], "{id}");
        assert_eq!(&id[14..15], "4", "{id}");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
    }

    #[test]
    fn bigint_sets_round_trip_and_malformed_ones_are_errors() {
        let Value::Some(bytes) = bigint_set(&[1, -2, i64::MAX]) else {
            panic!("a set is a value");
        };
        assert_eq!(parse_bigint_set(&bytes).unwrap(), vec![1, -2, i64::MAX]);
        assert_eq!(parse_bigint_set(&[0, 0, 0, 0]).unwrap(), Vec::<i64>::new());
        assert!(parse_bigint_set(&bytes[..bytes.len() - 1]).is_err());
        assert!(parse_bigint_set(&[0, 0, 0, 1, 0, 0, 0, 4, 1, 2, 3, 4]).is_err());
    }
}
