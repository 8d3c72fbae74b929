/**
 * Apache Flink connector for Apache Cassandra with a native (Rust) core: at-least-once and
 * exactly-once (write-ahead log) sinks, sources and formats. Source-compatible with the official
 * connector's API in this package.
 */
package org.apache.flink.streaming.connectors.cassandra;
