//! Consistency levels by their CQL names: the one place a name Java sends becomes a level.

use crate::error::{Error, Result};
use cdrs_tokio::consistency::Consistency;
use serde::{Deserialize, Deserializer};

/// A consistency level by its CQL name (`LOCAL_QUORUM`, case-insensitive).
pub fn parse_consistency(name: &str) -> Result<Consistency> {
    Ok(match name.to_ascii_uppercase().as_str() {
        "ANY" => Consistency::Any,
        "ONE" => Consistency::One,
        "TWO" => Consistency::Two,
        "THREE" => Consistency::Three,
        "QUORUM" => Consistency::Quorum,
        "ALL" => Consistency::All,
        "LOCAL_QUORUM" => Consistency::LocalQuorum,
        "EACH_QUORUM" => Consistency::EachQuorum,
        "SERIAL" => Consistency::Serial,
        "LOCAL_SERIAL" => Consistency::LocalSerial,
        "LOCAL_ONE" => Consistency::LocalOne,
        _ => {
            return Err(Error::Config(format!(
                "consistency: unknown level '{name}' (use ANY, ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, SERIAL, LOCAL_SERIAL or LOCAL_ONE)"
            )))
        }
    })
}

/// Serde: a consistency level by its name (settings documents).
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Consistency, D::Error> {
    let name = String::deserialize(deserializer)?;
    parse_consistency(&name).map_err(serde::de::Error::custom)
}

/// Serde: a consistency level by its name, or `null`; the field must be present.
pub fn deserialize_nullable<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<Consistency>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|name| parse_consistency(&name).map_err(serde::de::Error::custom))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive_and_unknown_ones_are_named() {
        assert_eq!(
            parse_consistency("local_quorum").ok(),
            Some(Consistency::LocalQuorum)
        );
        let err = parse_consistency("MOST").err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("'MOST'")));
    }
}
