package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of {@link Session#executeAsync}. Unlike the DataStax driver's, which is a Guava
 * {@code ListenableFuture}, this is a {@link CompletableFuture} (so a {@link
 * java.util.concurrent.Future} and a {@link java.util.concurrent.CompletionStage}): use {@code
 * thenAccept}/{@code whenComplete} where the driver's users call {@code Futures.addCallback}.
 * Failures complete it exceptionally with the connector's exception. Cancelling it does not stop
 * a request already sent.
 */
@PublicEvolving
public final class ResultSetFuture extends CompletableFuture<ResultSet> {

    ResultSetFuture() {}

    /** Waits for the result, ignoring interrupts; rethrows a failure unwrapped. */
    public ResultSet getUninterruptibly() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unwrap(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** As {@link #getUninterruptibly()}, failing with TimeoutException after {@code timeout}. */
    public ResultSet getUninterruptibly(long timeout, TimeUnit unit) throws TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unwrap(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new RuntimeException(cause);
    }
}
