package org.apache.flink.connector.cassandra.table.internal;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.connectors.cassandra.CassandraTestSupport;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The asynchronous lookup on the native runtime, against the real server. */
class CassandraAsyncLookupITCase {
    private static final List<LogicalType> TYPES = Arrays.asList(new IntType(), VarCharType.STRING_TYPE);

    static CassandraAsyncLookup lookup(String table, String consistency, int maxRetries, int maxInFlight) {
        Configuration options = new Configuration();
        options.setString("hosts", CassandraTestSupport.server().host());
        options.setString("port", String.valueOf(CassandraTestSupport.server().nativePort()));
        String[] parts = table.split("\\.");
        CassandraLookupFunction function = new CassandraLookupFunction(TableConnection.of(options, consistency), parts[0],
                parts[1], Arrays.asList("id", "name"), TYPES, Collections.singletonList("id"),
                Collections.singletonList(new IntType()), maxRetries, 100);
        return new CassandraAsyncLookup(function, maxInFlight);
    }

    @Test
    void manyConcurrentLookupsCompleteOnTheNativeRuntimeWithBoundedRequestsInFlight() throws Exception {
        String table = CassandraTestSupport.createTable("sql_async_dim", "id int PRIMARY KEY, name text");
        for (int i = 0; i < 50; i++) {
            CassandraTestSupport.cql("INSERT INTO " + table + " (id, name) VALUES (" + i + ", 'n" + i + "')");
        }
        CassandraAsyncLookup lookup = lookup(table, "LOCAL_ONE", 3, 4);
        lookup.open(new FunctionContext(null));
        Set<String> completingThreads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Collection<RowData>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                // keys 50..99 are missing: an empty answer
                answers.add(lookup.asyncLookup(GenericRowData.of(i % 100)).whenComplete(
                        (rows, error) -> completingThreads.add(Thread.currentThread().getName())));
            }
            CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < answers.size(); i++) {
                Collection<RowData> rows = answers.get(i).get();
                int key = i % 100;
                if (key < 50) {
                    assertThat(rows).hasSize(1);
                    RowData row = rows.iterator().next();
                    assertThat(row.getInt(0)).isEqualTo(key);
                    assertThat(row.getString(1)).isEqualTo(StringData.fromString("n" + key));
                } else {
                    assertThat(rows).isEmpty();
                }
            }
            assertThat(lookup.started()).isEqualTo(400);
            assertThat(lookup.maxObservedInFlight()).isBetween(1, 4);
            // answers come from the native runtime's I/O threads (2, attached to the JVM once), not
            // from a pool of our own (an answer that came before its stage was added runs on this thread)
            completingThreads.remove(Thread.currentThread().getName());
            assertThat(completingThreads).hasSizeBetween(1, 2)
                    .noneSatisfy(name -> assertThat(name).startsWith("cassandra-lookup"));
        } finally {
            lookup.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t -> assertThat(t.getName()).isEqualTo("cassandra-lookup"));
        // a null key joins nothing and reaches no server
        CassandraAsyncLookup again = lookup(table, "LOCAL_ONE", 3, 4);
        again.open(new FunctionContext(null));
        try {
            assertThat(again.asyncLookup(GenericRowData.of((Object) null)).get(60, TimeUnit.SECONDS)).isEmpty();
            assertThat(again.started()).isZero();
        } finally {
            again.close();
        }
    }

    @Test
    void aFailingLookupIsRetriedAndItsErrorNamesTheQueryAndTheAttempts() throws Exception {
        String table = CassandraTestSupport.createTable("sql_async_fail", "id int PRIMARY KEY, name text");
        // one node cannot give THREE replicas: Cassandra answers Unavailable, a transient error
        CassandraAsyncLookup lookup = lookup(table, "THREE", 2, 4);
        lookup.open(new FunctionContext(null));
        try {
            CompletableFuture<Collection<RowData>> answer = lookup.asyncLookup(GenericRowData.of(1));
            assertThatThrownBy(() -> answer.get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause().getMessage()).contains(
                            "3 failed attempts", "SELECT id, name FROM " + table + " WHERE id = ?"));
            // the slot was given back: the next lookup starts too
            CompletableFuture<Collection<RowData>> next = lookup.asyncLookup(GenericRowData.of(2));
            assertThatThrownBy(() -> next.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(lookup.started()).isEqualTo(2);
        } finally {
            lookup.close();
        }
    }
}
