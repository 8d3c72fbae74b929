//! Opt-in batch grouping (`setBatchGrouping`): the rows of one submitted batch that share a
//! partition (or a replica set) go as one UNLOGGED batch, bounded in rows and value bytes.
//!
//! A batch carries one write timestamp (that of its first row), so two rows of one primary key
//! never share a batch: a row that repeats a key of the open batch of its group closes it and
//! opens the next. The batches of one group keep the rows' order, so the later row of a key
//! always travels in a batch with a later timestamp and last-write-wins holds as without grouping.

use crate::error::{Error, Result};
use crate::wire::{BATCH_GROUPING_NONE, BATCH_GROUPING_PARTITION, BATCH_GROUPING_REPLICA_SET};
use cdrs_tokio::types::value::Value;
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Which rows share a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Every row is its own request (the default).
    None,
    /// Rows of one partition.
    Partition,
    /// Rows whose partitions have the same replicas.
    ReplicaSet,
}

impl Grouping {
    pub fn from_name(name: &str) -> Result<Grouping> {
        match name {
            BATCH_GROUPING_NONE => Ok(Grouping::None),
            BATCH_GROUPING_PARTITION => Ok(Grouping::Partition),
            BATCH_GROUPING_REPLICA_SET => Ok(Grouping::ReplicaSet),
            other => Err(Error::Config(format!(
                "batchGrouping: '{other}' is none of {BATCH_GROUPING_NONE}, \
                 {BATCH_GROUPING_PARTITION}, {BATCH_GROUPING_REPLICA_SET}"
            ))),
        }
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Grouping, D::Error> {
    let name = String::deserialize(d)?;
    Grouping::from_name(&name).map_err(serde::de::Error::custom)
}

/// One request of the write pipeline.
#[derive(Debug, PartialEq)]
pub enum Unit {
    /// One row, executed alone.
    Row(Vec<Value>, Option<i64>),
    /// Rows sent as one UNLOGGED batch at one write timestamp.
    Batch(Vec<Vec<Value>>, Option<i64>),
}

impl Unit {
    /// Whether any of its rows satisfies `test`.
    fn holds(&self, mut test: impl FnMut(&[Value]) -> bool) -> bool {
        match self {
            Unit::Row(row, _) => test(row),
            Unit::Batch(rows, _) => rows.iter().any(|r| test(r)),
        }
    }

    /// Adds a row; a single row becomes a batch (of room for `capacity` rows) at its timestamp.
    fn push(&mut self, row: Vec<Value>, capacity: usize) {
        match self {
            Unit::Batch(rows, _) => rows.push(row),
            Unit::Row(first, timestamp) => {
                let mut rows = Vec::with_capacity(capacity);
                rows.push(std::mem::take(first));
                rows.push(row);
                *self = Unit::Batch(rows, *timestamp);
            }
        }
    }

    pub fn rows(&self) -> u64 {
        match self {
            Unit::Row(..) => 1,
            Unit::Batch(rows, _) => rows.len() as u64,
        }
    }

    /// Value bytes as in `bytesSubmitted`.
    pub fn bytes(&self) -> u64 {
        match self {
            Unit::Row(row, _) => row_bytes(row),
            Unit::Batch(rows, _) => rows.iter().map(|r| row_bytes(r)).sum(),
        }
    }
}

/// The bytes of a row's values as they appear on the wire (length prefix included).
pub fn row_bytes(row: &[Value]) -> u64 {
    row.iter()
        .map(|v| match v {
            Value::Some(bytes) => 4 + bytes.len() as u64,
            _ => 4,
        })
        .sum()
}

/// How rows are grouped: the mode, which values form the partition key and the primary key, and
/// the bounds of one batch.
#[derive(Debug, Clone)]
pub struct Grouper {
    pub grouping: Grouping,
    /// Indexes of the partition-key values (the prepared statement's routing key).
    pub partition: Vec<usize>,
    /// Indexes of the values that identify a row (partition key and clustering columns); rows
    /// equal in all of them are one row to Cassandra.
    pub primary_key: Vec<usize>,
    pub max_rows: usize,
    pub max_bytes: u64,
}

/// A batch being filled: its position in the output, rows and bytes so far.
struct Open {
    index: usize,
    bytes: u64,
}

impl Grouper {
    /// Splits `rows` (row `i` written at `timestamp(i)`) into requests, in order of each group's
    /// first row. `replica_set` names the replica set of a routing key (REPLICA_SET only); a row
    /// without a routing key (a partition-key value null or unset) or replica set goes alone.
    pub fn group(
        &self,
        rows: Vec<Vec<Value>>,
        timestamp: impl Fn(usize) -> Option<i64>,
        mut replica_set: impl FnMut(&[u8]) -> Option<u64>,
    ) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::with_capacity(rows.len());
        let mut open: HashMap<u64, Open> = HashMap::new();
        let mut routing_key = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            let key = match self.grouping {
                Grouping::None => None,
                Grouping::Partition => self.partition_hash(&row),
                Grouping::ReplicaSet => {
                    if self.routing_key(&row, &mut routing_key) {
                        replica_set(&routing_key)
                    } else {
                        None
                    }
                }
            };
            let Some(key) = key else {
                units.push(Unit::Row(row, timestamp(i)));
                continue;
            };
            let bytes = row_bytes(&row);
            if let Some(batch) = open.get_mut(&key) {
                let unit = &mut units[batch.index];
                let fits = unit.rows() < self.max_rows as u64
                    && batch.bytes + bytes <= self.max_bytes
                    && !unit.holds(|member| self.same_row(member, &row));
                if fits {
                    unit.push(row, self.max_rows);
                    batch.bytes += bytes;
                    continue;
                }
            }
            // A group's first row stays a plain execution (cheaper, and routed to a replica)
            // until a second one joins it.
            open.insert(
                key,
                Open {
                    index: units.len(),
                    bytes,
                },
            );
            units.push(Unit::Row(row, timestamp(i)));
        }
        units
    }

    /// A hash of the partition-key values; equal partitions hash equal (a collision only puts two
    /// partitions in one batch, which stays correct: keys are compared by value).
    fn partition_hash(&self, row: &[Value]) -> Option<u64> {
        let mut hasher = DefaultHasher::new();
        for &index in &self.partition {
            match row.get(index) {
                Some(Value::Some(bytes)) => bytes.hash(&mut hasher),
                _ => return None,
            }
        }
        (!self.partition.is_empty()).then(|| hasher.finish())
    }

    /// The routing key as Cassandra hashes it: the value itself, or for a composite partition
    /// key each component as `[u16 length][bytes][0]`.
    fn routing_key(&self, row: &[Value], out: &mut Vec<u8>) -> bool {
        out.clear();
        if self.partition.is_empty() {
            return false;
        }
        for &index in &self.partition {
            let Some(Value::Some(bytes)) = row.get(index) else {
                return false;
            };
            if self.partition.len() == 1 {
                out.extend_from_slice(bytes);
            } else {
                out.extend_from_slice(&(bytes.len().min(u16::MAX as usize) as u16).to_be_bytes());
                out.extend_from_slice(bytes);
                out.push(0);
            }
        }
        true
    }

    fn same_row(&self, a: &[Value], b: &[Value]) -> bool {
        self.primary_key.iter().all(|&i| a.get(i) == b.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pk: u8, ck: u8, value: u8) -> Vec<Value> {
        vec![
            Value::Some(vec![pk]),
            Value::Some(vec![ck]),
            Value::Some(vec![value]),
        ]
    }

    fn grouper(grouping: Grouping, max_rows: usize, max_bytes: u64) -> Grouper {
        Grouper {
            grouping,
            partition: vec![0],
            primary_key: vec![0, 1],
            max_rows,
            max_bytes,
        }
    }

    fn stamp(i: usize) -> Option<i64> {
        Some(1_000 + i as i64)
    }

    /// A unit's rows as (pk, ck, value), and its timestamp.
    type Shape = (Vec<(u8, u8, u8)>, Option<i64>);

    fn shape(units: &[Unit]) -> Vec<Shape> {
        let cells = |r: &Vec<Value>| -> (u8, u8, u8) {
            let b = |v: &Value| match v {
                Value::Some(b) => b[0],
                _ => 255,
            };
            (b(&r[0]), b(&r[1]), b(&r[2]))
        };
        units
            .iter()
            .map(|u| match u {
                Unit::Row(r, ts) => (vec![cells(r)], *ts),
                Unit::Batch(rows, ts) => (rows.iter().map(cells).collect(), *ts),
            })
            .collect()
    }

    #[test]
    fn rows_of_one_partition_share_a_batch_in_order_of_first_row() {
        let rows = vec![
            row(1, 1, 0),
            row(2, 1, 0),
            row(1, 2, 0),
            row(3, 1, 0),
            row(2, 2, 0),
        ];
        let units = grouper(Grouping::Partition, 100, 10_000).group(rows, stamp, |_| None);
        assert_eq!(
            shape(&units),
            vec![
                (vec![(1, 1, 0), (1, 2, 0)], Some(1_000)),
                (vec![(2, 1, 0), (2, 2, 0)], Some(1_001)),
                (vec![(3, 1, 0)], Some(1_003)),
            ]
        );
        assert!(matches!(units[2], Unit::Row(..)), "a lone row is no batch");
    }

    #[test]
    fn a_repeated_primary_key_starts_the_next_batch_with_a_later_timestamp() {
        // Key (1,1) three times, with (1,2) between: no batch holds one key twice, and each
        // later value of (1,1) travels at a later timestamp than the one before.
        let rows = vec![row(1, 1, 10), row(1, 2, 20), row(1, 1, 11), row(1, 1, 12)];
        let units = grouper(Grouping::Partition, 100, 10_000).group(rows, stamp, |_| None);
        assert_eq!(
            shape(&units),
            vec![
                (vec![(1, 1, 10), (1, 2, 20)], Some(1_000)),
                (vec![(1, 1, 11)], Some(1_002)),
                (vec![(1, 1, 12)], Some(1_003)),
            ]
        );
    }

    #[test]
    fn batches_are_bounded_in_rows_and_bytes() {
        let rows: Vec<_> = (0..10).map(|ck| row(7, ck, 0)).collect();
        let by_rows = grouper(Grouping::Partition, 4, 10_000).group(rows.clone(), stamp, |_| None);
        let sizes: Vec<u64> = by_rows.iter().map(Unit::rows).collect();
        assert_eq!(sizes, [4, 4, 2]);
        // Each row is 3 values of 1 byte: 15 bytes; 40 bytes hold two.
        let by_bytes = grouper(Grouping::Partition, 100, 40).group(rows, stamp, |_| None);
        assert!(by_bytes.iter().all(|u| u.bytes() <= 40));
        assert_eq!(by_bytes.iter().map(Unit::rows).sum::<u64>(), 10);
        assert_eq!(by_bytes.len(), 5);
    }

    #[test]
    fn none_sends_every_row_alone_and_a_row_without_key_goes_alone() {
        let rows = vec![row(1, 1, 0), row(1, 2, 0)];
        let units = grouper(Grouping::None, 100, 10_000).group(rows, |_| None, |_| None);
        assert_eq!(units.len(), 2);
        assert!(units.iter().all(|u| matches!(u, Unit::Row(_, None))));
        let mut null_key = row(1, 3, 0);
        null_key[0] = Value::NotSet;
        let units = grouper(Grouping::Partition, 100, 10_000).group(
            vec![row(1, 1, 0), null_key, row(1, 2, 0)],
            stamp,
            |_| None,
        );
        assert_eq!(units.iter().map(Unit::rows).collect::<Vec<_>>(), [2, 1]);
    }

    #[test]
    fn replica_sets_group_rows_of_different_partitions() {
        // Partitions 1 and 3 live on one replica set, 2 on another.
        let rows = vec![row(1, 1, 0), row(2, 1, 0), row(3, 1, 0), row(1, 2, 0)];
        let mut keys = Vec::new();
        let units = grouper(Grouping::ReplicaSet, 100, 10_000).group(rows, stamp, |routing_key| {
            keys.push(routing_key.to_vec());
            Some(u64::from(routing_key[0] % 2))
        });
        assert_eq!(
            shape(&units),
            vec![
                (vec![(1, 1, 0), (3, 1, 0), (1, 2, 0)], Some(1_000)),
                (vec![(2, 1, 0)], Some(1_001)),
            ]
        );
        assert_eq!(keys, [vec![1], vec![2], vec![3], vec![1]]);
    }

    #[test]
    fn a_composite_routing_key_is_cassandras() {
        let mut g = grouper(Grouping::ReplicaSet, 100, 10_000);
        g.partition = vec![0, 1];
        let mut out = Vec::new();
        assert!(g.routing_key(&row(5, 6, 0), &mut out));
        assert_eq!(out, [0, 1, 5, 0, 0, 1, 6, 0]);
    }

    #[test]
    fn unknown_grouping_names_the_setting() {
        let e = Grouping::from_name("TABLE").unwrap_err();
        assert!(e.to_string().contains("batchGrouping: 'TABLE'"), "{e}");
    }
}
