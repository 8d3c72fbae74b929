package com.datastax.driver.core;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConnectorException;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.RowBuffer;
import org.apache.flink.streaming.connectors.cassandra.internal.session.ConnectionSettings;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeSession;
import org.apache.flink.streaming.connectors.cassandra.internal.session.NativeStatement;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Session} over a reference to a shared {@link NativeSession}. A keyspace (connect or
 * {@code USE}) selects a native session of its own, so switching never affects other users.
 */
@Internal
final class NativeDriverSession implements Session {
    private static final Pattern USE = Pattern.compile("(?is)\\s*USE\\s+(\\w+|\"(?:[^\"]|\"\")+\")\\s*;?\\s*");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Cluster cluster;
    private final ConnectionSettings settings;
    private final Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();
    private final List<NativeSession> retired = new ArrayList<>();
    private volatile NativeSession session;
    private volatile String keyspace;
    private volatile boolean closed;
    private ExecutorService async;

    NativeDriverSession(Cluster cluster, ConnectionSettings settings, String keyspace) {
        this.cluster = cluster;
        this.settings = settings;
        this.keyspace = keyspace;
        this.session = NativeSession.open(settings.withKeyspace(keyspace));
    }

    @Override
    public String getLoggedKeyspace() {
        return keyspace;
    }

    @Override
    public Session init() {
        return this;
    }

    @Override
    public ResultSet execute(String query) {
        return execute(new SimpleStatement(query));
    }

    @Override
    public ResultSet execute(String query, Object... values) {
        return execute(new SimpleStatement(query, values));
    }

    @Override
    public ResultSet execute(Statement statement) {
        checkOpen();
        String consistency = consistency(statement);
        int fetchSize = statement.getFetchSize() > 0 ? statement.getFetchSize() : cluster.fetchSize();
        if (statement instanceof BoundStatement) {
            BoundStatement bound = (BoundStatement) statement;
            return run(bound.preparedStatement().nativeStatement(), bound.values(), consistency, fetchSize);
        }
        if (!(statement instanceof SimpleStatement)) {
            throw new IllegalArgumentException(
                    "statement: " + statement.getClass().getName() + " is not supported (use SimpleStatement or BoundStatement)");
        }
        SimpleStatement simple = (SimpleStatement) statement;
        if (simple.hasValues()) {
            Object[] values = simple.values();
            for (int i = 0; i < values.length; i++) {
                values[i] = DriverValues.toInternal(values[i]);
            }
            return run(prepare(simple.getQueryString()).nativeStatement(), values, consistency, fetchSize);
        }
        Matcher use = USE.matcher(simple.getQueryString());
        if (use.matches()) {
            return use(use.group(1));
        }
        NativeSession current = session;
        String query = simple.getQueryString();
        ResultSet.PageSource pages = state -> current.queryPage(query, consistency, fetchSize, state);
        return new ResultSet(pages, pages.fetch(null));
    }

    private ResultSet run(NativeStatement statement, Object[] values, String consistency, int fetchSize) {
        RowBuffer buffer = new RowBuffer(1024);
        statement.encoder().encodeRow(values, buffer);
        ResultSet.PageSource pages = state -> statement.executePage(buffer, consistency, fetchSize, state);
        return new ResultSet(pages, pages.fetch(null));
    }

    /** Switches this session to a native session bound to {@code name}; others keep theirs. */
    private synchronized ResultSet use(String name) {
        NativeSession next = NativeSession.open(settings.withKeyspace(name));
        // Prepared statements of the previous keyspace still use it: released on close.
        retired.add(session);
        session = next;
        keyspace = name;
        QueryResult none = QueryResult.empty();
        return new ResultSet(state -> none, none);
    }

    private String consistency(Statement statement) {
        ConsistencyLevel level = statement.getConsistencyLevel();
        return level != null ? level.name() : cluster.writerDefaults().consistency();
    }

    @Override
    public ResultSetFuture executeAsync(String query) {
        return executeAsync(new SimpleStatement(query));
    }

    @Override
    public ResultSetFuture executeAsync(String query, Object... values) {
        return executeAsync(new SimpleStatement(query, values));
    }

    @Override
    public ResultSetFuture executeAsync(Statement statement) {
        ResultSetFuture future = new ResultSetFuture();
        submit(future, () -> execute(statement));
        return future;
    }

    @Override
    public PreparedStatement prepare(String query) {
        checkOpen();
        String key = keyspace + '\u0000' + query;
        PreparedStatement found = prepared.get(key);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            found = prepared.get(key);
            if (found == null) {
                found = new PreparedStatement(session.prepare(query));
                prepared.put(key, found);
            }
            return found;
        }
    }

    @Override
    public PreparedStatement prepare(RegularStatement statement) {
        PreparedStatement result = prepare(statement.getQueryString());
        if (statement.getConsistencyLevel() != null) {
            result.setConsistencyLevel(statement.getConsistencyLevel());
        }
        return result;
    }

    @Override
    public CompletableFuture<PreparedStatement> prepareAsync(String query) {
        CompletableFuture<PreparedStatement> future = new CompletableFuture<>();
        submit(future, () -> prepare(query));
        return future;
    }

    private <T> void submit(CompletableFuture<T> future, Supplier<T> work) {
        ExecutorService executor;
        synchronized (this) {
            checkOpen();
            if (async == null) {
                // The native calls block their thread until the answer arrives.
                async = Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "cassandra-session-async-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            executor = async;
        }
        executor.execute(() -> {
            try {
                future.complete(work.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new CassandraConnectorException(
                    CassandraConnectorException.Code.CLOSED, "session to " + settings.contactPoints() + " is closed");
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Cluster getCluster() {
        return cluster;
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (async != null) {
                async.shutdown();
            }
            for (PreparedStatement statement : prepared.values()) {
                toClose.add(statement.nativeStatement());
            }
            prepared.clear();
            toClose.addAll(retired);
            toClose.add(session);
        }
        cluster.sessionClosed(this);
        RuntimeException failure = null;
        for (AutoCloseable handle : toClose) {
            try {
                handle.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new CassandraConnectorException(
                            CassandraConnectorException.Code.INTERNAL, "closing the session: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Session{" + settings.contactPoints() + (keyspace == null ? "" : ", keyspace=" + keyspace) + '}';
    }
}
