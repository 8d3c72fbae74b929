package org.apache.flink.streaming.connectors.cassandra.internal.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.CassandraConfigurationException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user's SELECT, checked and ready to be restricted to a token range.
 *
 * <p>The check is lexical (quoted identifiers and string literals are skipped): one table named
 * with its keyspace, no bind markers, no clauses that clash with the {@code token(pk) > ? AND
 * token(pk) <= ?} restriction the source adds or that would be computed per split instead of over
 * the table ({@code LIMIT}, {@code PER PARTITION LIMIT}, {@code ORDER BY}, {@code GROUP BY},
 * aggregates, a {@code token(..)} restriction). {@code ALLOW FILTERING} is kept. Restrictions on
 * partition key columns are rejected once the key is known ({@link #checkWhereAgainst}).
 */
@Internal
public final class CassandraQuery implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String[] AGGREGATES = {"count", "sum", "avg", "min", "max"};

    private final String original;
    /** {@code SELECT ... FROM ks.table} (the text up to the end of the table name). */
    private final String head;
    /** The WHERE conditions without the keyword, or null. */
    private final String where;
    private final boolean allowFiltering;
    private final String keyspace;
    private final String table;
    /** Rows read per token range at most (set by the connector, never parsed from the query), or null. */
    private final Long limitPerRange;

    private CassandraQuery(String original, String head, String where, boolean allowFiltering, String keyspace,
            String table, Long limitPerRange) {
        this.original = original;
        this.head = head;
        this.where = where;
        this.allowFiltering = allowFiltering;
        this.keyspace = keyspace;
        this.table = table;
        this.limitPerRange = limitPerRange;
    }

    /**
     * This query reading at most {@code rows} rows of each token range ({@code LIMIT rows} on the
     * range query): for a caller that needs only that many rows overall and applies the overall
     * limit itself (the SQL source's LIMIT push-down).
     */
    public CassandraQuery withLimitPerRange(long rows) {
        if (rows < 1) {
            throw new CassandraConfigurationException("limit per token range: must be at least 1, got " + rows);
        }
        return new CassandraQuery(original, head, where, allowFiltering, keyspace, table, rows);
    }

    /**
     * Checks {@code query}.
     *
     * @throws CassandraConfigurationException naming the problem and the query
     */
    public static CassandraQuery parse(String query) {
        if (query == null || query.trim().isEmpty()) {
            throw new CassandraConfigurationException("query: must not be empty; give a SELECT ... FROM keyspace.table");
        }
        String text = query.trim();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).trim();
        }
        List<Token> tokens = tokenize(text, query);
        if (tokens.isEmpty() || !tokens.get(0).is("select")) {
            throw invalid(query, "only a SELECT can be read");
        }
        int from = indexOf(tokens, "from", 1);
        if (from < 0) {
            throw invalid(query, "no FROM clause");
        }
        for (int i = 1; i < from; i++) {
            for (String aggregate : AGGREGATES) {
                if (tokens.get(i).is(aggregate) && i + 1 < from && tokens.get(i + 1).text.equals("(")) {
                    throw invalid(query, "the aggregate " + aggregate.toUpperCase(Locale.ROOT)
                            + "(..) would be computed per token range, not over the table; read the rows and aggregate in Flink");
                }
            }
        }
        // FROM [keyspace .] table
        int pos = from + 1;
        if (pos >= tokens.size() || !tokens.get(pos).isIdentifier()) {
            throw invalid(query, "FROM must name a table as keyspace.table");
        }
        String first = tokens.get(pos).identifier();
        String keyspace;
        String table;
        if (pos + 2 < tokens.size() && tokens.get(pos + 1).text.equals(".") && tokens.get(pos + 2).isIdentifier()) {
            keyspace = first;
            table = tokens.get(pos + 2).identifier();
            pos += 3;
        } else {
            throw invalid(query, "the table must be qualified with its keyspace (FROM keyspace.table)");
        }
        int headEnd = pos < tokens.size() ? tokens.get(pos).start : text.length();
        String head = text.substring(0, headEnd).trim();
        String where = null;
        boolean allowFiltering = false;
        if (pos < tokens.size() && tokens.get(pos).text.equals(",")) {
            throw invalid(query, "a source reads one table, the query names several");
        }
        for (int i = pos; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.text.equals("?") || t.text.startsWith(":")) {
                throw invalid(query, "bind markers are not supported; write the values into the query");
            }
            if (t.is("join")) {
                throw invalid(query, "a source reads one table, the query names several");
            }
            if (t.is("token") && i + 1 < tokens.size() && tokens.get(i + 1).text.equals("(")) {
                throw invalid(query, "a token(..) restriction clashes with the token ranges the source reads; remove it");
            }
            if (t.is("limit")) {
                boolean perPartition = i >= 2 && tokens.get(i - 1).is("partition") && tokens.get(i - 2).is("per");
                throw invalid(query, (perPartition ? "PER PARTITION LIMIT" : "LIMIT")
                        + " would apply per token range, not to the table; remove it");
            }
            if (t.is("order") && i + 1 < tokens.size() && tokens.get(i + 1).is("by")) {
                throw invalid(query, "ORDER BY cannot be combined with token ranges; sort in Flink");
            }
            if (t.is("group") && i + 1 < tokens.size() && tokens.get(i + 1).is("by")) {
                throw invalid(query, "GROUP BY would group per token range, not over the table; group in Flink");
            }
        }
        int allow = indexOf(tokens, "allow", pos);
        int clausesEnd = text.length();
        if (allow >= 0) {
            if (allow + 1 >= tokens.size() || !tokens.get(allow + 1).is("filtering") || allow + 2 != tokens.size()) {
                throw invalid(query, "unexpected text after ALLOW");
            }
            allowFiltering = true;
            clausesEnd = tokens.get(allow).start;
        }
        if (pos < tokens.size() && tokens.get(pos).start < clausesEnd) {
            if (!tokens.get(pos).is("where")) {
                throw invalid(query, "unexpected '" + tokens.get(pos).text + "' after the table name; "
                        + "only WHERE and ALLOW FILTERING may follow it");
            }
            where = text.substring(tokens.get(pos).end, clausesEnd).trim();
            if (where.isEmpty()) {
                throw invalid(query, "empty WHERE clause");
            }
        }
        return new CassandraQuery(query, head, where, allowFiltering, keyspace, table, null);
    }

    /** Whether {@code query} can be read in token ranges; {@code false} for any query parse rejects. */
    public static boolean isSplittable(String query) {
        try {
            parse(query);
            return true;
        } catch (CassandraConfigurationException e) {
            return false;
        }
    }

    /**
     * Rejects WHERE conditions on a partition key column (they clash with the token restriction).
     *
     * @param partitionKey the partition key columns as stored in the schema (case-sensitive names)
     */
    public void checkWhereAgainst(List<String> partitionKey) {
        if (where == null) {
            return;
        }
        for (Token t : tokenize(where, original)) {
            if (t.isIdentifier() && partitionKey.contains(t.identifier())) {
                throw invalid(original, "the WHERE clause restricts the partition key column '" + t.identifier()
                        + "', which clashes with the token ranges the source reads; remove that condition");
            }
        }
    }

    /** The query restricted to {@code token(pk..) > ? AND token(pk..) <= ?}, bound as two bigints. */
    public String rangeQuery(List<String> partitionKey) {
        List<String> quoted = new ArrayList<>(partitionKey.size());
        for (String column : partitionKey) {
            quoted.add(quoteIfNeeded(column));
        }
        String token = "token(" + String.join(", ", quoted) + ")";
        StringBuilder q = new StringBuilder(head).append(" WHERE ").append(token).append(" > ? AND ")
                .append(token).append(" <= ?");
        if (where != null) {
            q.append(" AND ").append(where);
        }
        if (limitPerRange != null) {
            q.append(" LIMIT ").append(limitPerRange);
        }
        if (allowFiltering) {
            q.append(" ALLOW FILTERING");
        }
        return q.toString();
    }

    public String original() {
        return original;
    }

    /** The keyspace as stored in the schema. */
    public String keyspace() {
        return keyspace;
    }

    /** The table as stored in the schema. */
    public String table() {
        return table;
    }

    @Override
    public String toString() {
        return limitPerRange == null ? original : original + " (at most " + limitPerRange + " rows per token range)";
    }

    static String quoteIfNeeded(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static CassandraConfigurationException invalid(String query, String problem) {
        return new CassandraConfigurationException("query: " + problem + " (query: " + query + ")");
    }

    private static int indexOf(List<Token> tokens, String keyword, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).is(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits CQL into words, quoted identifiers, string literals and single punctuation marks. */
    private static List<Token> tokenize(String text, String query) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw invalid(query, "unterminated " + (c == '"' ? "quoted identifier" : "string"));
                    }
                    if (text.charAt(i) == c) {
                        if (i + 1 < n && text.charAt(i + 1) == c) {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), start, i));
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == ':') {
                int start = i++;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), start, i));
            } else {
                tokens.add(new Token(String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    private static final class Token {
        final String text;
        final int start;
        final int end;

        Token(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        boolean is(String keyword) {
            return text.equalsIgnoreCase(keyword);
        }

        boolean isIdentifier() {
            char c = text.charAt(0);
            return c == '"' || Character.isLetter(c) || c == '_';
        }

        /** The identifier as the schema stores it: unquoted ones are lower-cased. */
        String identifier() {
            if (text.charAt(0) == '"') {
                return text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            return text.toLowerCase(Locale.ROOT);
        }
    }
}
