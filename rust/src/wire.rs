//! The row layout that crosses JNI, both ways:
//! `[u32 rows]{[u16 cols]{[i32 len | -1 null | -2 unset][bytes]}*}*`, big-endian.

use crate::error::{Error, Result};
use cdrs_tokio::types::value::Value;
use cdrs_tokio::types::CBytes;

const NULL: i32 = -1;
const UNSET: i32 = -2;

/// Parses rows written by Java's `RowBuffer` into owned values, so Java may reuse its buffer.
pub fn parse_rows(buffer: &[u8]) -> Result<Vec<Vec<Value>>> {
    let mut reader = Reader {
        buffer,
        position: 0,
    };
    let row_count = reader.u32()? as usize;
    // Each row needs at least its u16 column count: cap the allocation by what the buffer holds.
    let mut rows = Vec::with_capacity(row_count.min(buffer.len() / 2));
    for _ in 0..row_count {
        let columns = reader.u16()? as usize;
        let mut row = Vec::with_capacity(columns);
        for _ in 0..columns {
            let length = reader.i32()?;
            row.push(match length {
                NULL => Value::Null,
                UNSET => Value::NotSet,
                n if n >= 0 => Value::Some(reader.bytes(n as usize)?.to_vec()),
                n => return Err(reader.corrupt(&format!("negative length {n}"))),
            });
        }
        rows.push(row);
    }
    if reader.position != buffer.len() {
        return Err(reader.corrupt("trailing bytes after the last row"));
    }
    Ok(rows)
}

/// Appends rows read from Cassandra in the same layout (cells are never "unset" here).
pub fn put_rows(out: &mut Vec<u8>, rows: &[Vec<CBytes>]) {
    out.extend_from_slice(&(rows.len() as u32).to_be_bytes());
    for row in rows {
        out.extend_from_slice(&(row.len() as u16).to_be_bytes());
        for cell in row {
            match cell.as_slice() {
                Some(bytes) => {
                    out.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
                    out.extend_from_slice(bytes);
                }
                None => out.extend_from_slice(&NULL.to_be_bytes()),
            }
        }
    }
}

struct Reader<'a> {
    buffer: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .position
            .checked_add(n)
            .filter(|end| *end <= self.buffer.len())
            .ok_or_else(|| self.corrupt(&format!("{n} bytes announced, fewer present")))?;
        let slice = &self.buffer[self.position..end];
        self.position = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i32(&mut self) -> Result<i32> {
        Ok(self.u32()? as i32)
    }

    fn corrupt(&self, what: &str) -> Error {
        Error::Internal(format!(
            "malformed row buffer at byte {} of {}: {what}",
            self.position,
            self.buffer.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_nulls_and_unsets() {
        let mut buf = vec![0, 0, 0, 1, 0, 3];
        buf.extend_from_slice(&[0, 0, 0, 2, 0xAB, 0xCD]);
        buf.extend_from_slice(&(-1i32).to_be_bytes());
        buf.extend_from_slice(&(-2i32).to_be_bytes());
        let rows = parse_rows(&buf).unwrap();
        assert_eq!(
            rows,
            vec![vec![
                Value::Some(vec![0xAB, 0xCD]),
                Value::Null,
                Value::NotSet
            ]]
        );
    }

    #[test]
    fn rejects_truncated_buffers_with_position() {
        let buf = vec![0, 0, 0, 1, 0, 1, 0, 0, 0, 9, 1];
        let err = parse_rows(&buf).unwrap_err();
        assert!(err.to_string().contains("9 bytes announced"), "{err}");
    }

    #[test]
    fn round_trips_read_rows() {
        let mut out = Vec::new();
        put_rows(&mut out, &[vec![CBytes::new(vec![7]), CBytes::new_null()]]);
        assert_eq!(
            out,
            vec![0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 7, 0xFF, 0xFF, 0xFF, 0xFF]
        );
    }
}
