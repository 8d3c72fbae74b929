//! Native core of the Flink Cassandra connector.
//!
//! The modules below `jni` only convert between Java and Rust and delegate; the work lives in
//! modules that know nothing of JNI: sessions and their settings, prepared statements, the write
//! pipeline, the row layout that crosses the bridge, logging and errors.

pub mod committer;
pub mod config;
pub mod consistency;
pub mod error;
pub mod group;
pub mod jni;
pub mod logging;
pub mod rate;
pub mod read;
pub mod registry;
pub mod runtime;
pub mod session;
pub mod statements;
pub mod wire;
pub mod write;
