package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Closeable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs CQL for the side queries of jobs and tests, with the DataStax 3.x names, over the
 * connector's native session ({@link Cluster#connect()}). Thread-safe. Close it when done; {@link
 * Cluster#close()} closes the sessions the cluster opened.
 *
 * <p>Differences from the driver: {@link #executeAsync} returns a {@link ResultSetFuture} that is
 * a {@link CompletableFuture} (no Guava); statements with values are prepared, so their values are
 * bound with the server's types; {@code USE ks} switches this session only (the native sessions
 * other sessions and sinks share are never switched). Values: besides the driver's types (Date,
 * {@link LocalDate}, long nanos for time, ByteBuffer), {@code java.time} types and {@code byte[]}
 * are accepted.
 */
@PublicEvolving
public interface Session extends Closeable {

    /** The keyspace of {@link Cluster#connect(String)} or of the last {@code USE}, or null. */
    String getLoggedKeyspace();

    /** Already connected: returns this. */
    Session init();

    ResultSet execute(String query);

    ResultSet execute(String query, Object... values);

    ResultSet execute(Statement statement);

    ResultSetFuture executeAsync(String query);

    ResultSetFuture executeAsync(String query, Object... values);

    ResultSetFuture executeAsync(Statement statement);

    /** Prepares {@code query} (once: preparing the same text again returns the same statement). */
    PreparedStatement prepare(String query);

    PreparedStatement prepare(RegularStatement statement);

    CompletableFuture<PreparedStatement> prepareAsync(String query);

    boolean isClosed();

    Cluster getCluster();

    /** Releases the native session reference and the prepared statements; idempotent. */
    @Override
    void close();
}
