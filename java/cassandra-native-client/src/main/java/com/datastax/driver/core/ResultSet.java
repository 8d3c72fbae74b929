package com.datastax.driver.core;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.connectors.cassandra.internal.session.QueryResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of a query, fetched a page at a time: iterating (or {@link #one()}, {@link #all()})
 * fetches the next page when the current one is used up, so memory is bounded by the fetch size
 * ({@link Statement#setFetchSize}, {@link QueryOptions#setFetchSize}), not by the result. Not
 * thread-safe, like the driver's.
 */
@PublicEvolving
public final class ResultSet implements Iterable<Row> {

    /** Fetches the page after the one whose paging state is given. */
    interface PageSource {
        QueryResult fetch(byte[] pagingState);
    }

    private final PageSource source;
    private final ColumnDefinitions columns;
    private final ArrayDeque<Row> rows = new ArrayDeque<>();
    private final boolean applied;
    private byte[] pagingState;

    ResultSet(PageSource source, QueryResult first) {
        this.source = source;
        this.columns = new ColumnDefinitions(first.columns());
        add(first);
        this.applied = computeApplied();
    }

    private void add(QueryResult page) {
        for (Object[] values : page.rows()) {
            rows.add(new Row(columns, values));
        }
        pagingState = page.pagingState();
    }

    /** Like the driver: true unless the first row has an {@code [applied]} column that is false. */
    private boolean computeApplied() {
        Row first = rows.peek();
        int i = columns.getIndexOf("\"[applied]\"");
        if (first == null || i < 0) {
            return true;
        }
        return first.getBool(i);
    }

    private void fetchIfEmpty() {
        // A page may come back empty with a paging state: keep going.
        while (rows.isEmpty() && pagingState != null) {
            add(source.fetch(pagingState));
        }
    }

    public ColumnDefinitions getColumnDefinitions() {
        return columns;
    }

    /** The next row (fetching the next page if needed), or null when there is none. */
    public Row one() {
        fetchIfEmpty();
        return rows.poll();
    }

    /** Every remaining row; fetches every remaining page. */
    public List<Row> all() {
        List<Row> out = new ArrayList<>();
        Row row;
        while ((row = one()) != null) {
            out.add(row);
        }
        return out;
    }

    /** Whether no row is left (fetches the next page to find out). */
    public boolean isExhausted() {
        fetchIfEmpty();
        return rows.isEmpty();
    }

    /** Whether every page has been fetched. */
    public boolean isFullyFetched() {
        return pagingState == null;
    }

    /** Rows of the fetched pages not yet returned. */
    public int getAvailableWithoutFetching() {
        return rows.size();
    }

    /** Whether a conditional statement ({@code IF ...}) was applied; true for other statements. */
    public boolean wasApplied() {
        return applied;
    }

    @Override
    public Iterator<Row> iterator() {
        return new Iterator<Row>() {
            @Override
            public boolean hasNext() {
                return !isExhausted();
            }

            @Override
            public Row next() {
                Row row = one();
                if (row == null) {
                    throw new NoSuchElementException("the result set is exhausted");
                }
                return row;
            }
        };
    }

    @Override
    public String toString() {
        return "ResultSet[exhausted: " + isFullyFetched() + ", " + columns + "]";
    }
}
