//! Prepared statements and the metadata blob that tells Java each bind variable's CQL type.

use arc_swap::ArcSwapOption;
use cdrs_tokio::frame::message_result::{BodyResResultPrepared, ColSpec, TableSpec};
use cdrs_tokio::frame::{Serialize, Version};
use cdrs_tokio::query::PreparedQuery;
use std::io::Cursor;
use std::sync::Arc;

pub struct Statement {
    pub query: String,
    pub prepared: PreparedQuery,
    /// `[u16 n_pk]{u16}* [u16 n_vars]{ColSpec}* [u16 n_result]{ColSpec}*`, where a ColSpec is
    /// `[string keyspace][string table][string name][option type]` as in the native protocol.
    pub metadata: Vec<u8>,
    pub variable_count: usize,
}

impl Statement {
    pub fn new(query: &str, raw: BodyResResultPrepared) -> Statement {
        let mut metadata = Vec::with_capacity(256);
        put_u16(&mut metadata, raw.metadata.pk_indexes.len());
        for index in &raw.metadata.pk_indexes {
            put_u16(&mut metadata, usize::try_from(*index).unwrap_or(0));
        }
        put_columns(
            &mut metadata,
            &raw.metadata.col_specs,
            raw.metadata.global_table_spec.as_ref(),
        );
        put_columns(
            &mut metadata,
            &raw.result_metadata.col_specs,
            raw.result_metadata.global_table_spec.as_ref(),
        );
        let variable_count = raw.metadata.col_specs.len();
        let prepared = PreparedQuery {
            id: raw.id,
            query: query.to_string(),
            keyspace: raw
                .metadata
                .global_table_spec
                .as_ref()
                .map(|spec| spec.ks_name.clone()),
            pk_indexes: raw.metadata.pk_indexes,
            result_metadata_id: ArcSwapOption::new(raw.result_metadata_id.map(Arc::new)),
        };
        Statement {
            query: query.to_string(),
            prepared,
            metadata,
            variable_count,
        }
    }
}

/// Writes `[u16 n]{ColSpec}*`, filling in the table of each column from the global spec.
pub fn put_columns(out: &mut Vec<u8>, columns: &[ColSpec], global: Option<&TableSpec>) {
    put_u16(out, columns.len());
    for column in columns {
        let table = column.table_spec.as_ref().or(global);
        put_string(out, table.map_or("", |t| t.ks_name.as_str()));
        put_string(out, table.map_or("", |t| t.table_name.as_str()));
        put_string(out, &column.name);
        let mut cursor = Cursor::new(&mut *out);
        cursor.set_position(cursor.get_ref().len() as u64);
        column.col_type.serialize(&mut cursor, Version::V4);
    }
}

fn put_u16(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&(value.min(u16::MAX as usize) as u16).to_be_bytes());
}

fn put_string(out: &mut Vec<u8>, value: &str) {
    put_u16(out, value.len());
    out.extend_from_slice(value.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdrs_tokio::frame::message_result::{ColType, ColTypeOption, ColTypeOptionValue};

    #[test]
    fn columns_carry_table_and_nested_type() {
        let column = ColSpec {
            table_spec: None,
            name: "tags".into(),
            col_type: ColTypeOption {
                id: ColType::List,
                value: Some(ColTypeOptionValue::CList(Box::new(ColTypeOption {
                    id: ColType::Int,
                    value: None,
                }))),
            },
        };
        let global = TableSpec {
            ks_name: "ks".into(),
            table_name: "t".into(),
        };
        let mut out = Vec::new();
        put_columns(&mut out, &[column], Some(&global));
        assert_eq!(
            out,
            vec![
                0, 1, 0, 2, b'k', b's', 0, 1, b't', 0, 4, b't', b'a', b'g', b's', 0, 0x20, 0, 0x09
            ]
        );
    }
}
