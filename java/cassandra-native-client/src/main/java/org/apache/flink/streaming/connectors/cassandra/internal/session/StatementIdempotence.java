package org.apache.flink.streaming.connectors.cassandra.internal.session;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.ColumnSpec;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.CqlType;
import org.apache.flink.streaming.connectors.cassandra.internal.codec.StatementMetadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides from a statement's text and prepared metadata whether it is safe to repeat, i.e. whether
 * a write that timed out (and may have been applied) can be retried. Not idempotent:
 *
 * <ul>
 *   <li>counter updates: a bound {@code counter} variable, or {@code c = c + 1} / {@code c = c - 1}
 *       with a literal; {@code BEGIN COUNTER BATCH};
 *   <li>list appends and prepends: {@code l = l + ?}, {@code l = ? + l}, {@code l = l + [1]},
 *       {@code l = [1] + l} (set and map additions and every removal are idempotent);
 *   <li>lightweight transactions: any {@code IF} ({@code IF NOT EXISTS}, {@code IF EXISTS},
 *       {@code IF col = ...}), whose outcome depends on what the first attempt did;
 *   <li>calls of non-deterministic functions: {@code now()}, {@code uuid()}, {@code
 *       currenttimestamp()}, {@code currentdate()}, {@code currenttime()}, {@code
 *       currenttimeuuid()}.
 * </ul>
 *
 * String literals, quoted identifiers and comments are skipped, so {@code 'now()'} or {@code
 * "if"} do not count. When an addition's operand is a bind marker whose type is neither a set nor
 * a map, the statement is taken as not idempotent (retrying a write that is not safe to repeat can
 * double it; not retrying one that is only costs a reported timeout).
 *
 * <p><b>Internal API</b>: not for use outside the connector; may change without notice.
 */
@Internal
public final class StatementIdempotence {
    private static final Set<String> NON_DETERMINISTIC = new HashSet<>(Arrays.asList(
            "now", "uuid", "currenttimestamp", "currentdate", "currenttime", "currenttimeuuid"));

    /** An unquoted uuid literal, which would otherwise split into numbers, names and minus signs. */
    private static final Pattern UUID_LITERAL = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private StatementIdempotence() {}

    /** Whether {@code query} is safe to repeat; {@code metadata} may be null (text only). */
    public static boolean isIdempotent(String query, StatementMetadata metadata) {
        return nonIdempotentReason(query, metadata) == null;
    }

    /** Why {@code query} is not safe to repeat, or null if it is. */
    public static String nonIdempotentReason(String query, StatementMetadata metadata) {
        List<ColumnSpec> variables = metadata == null ? new ArrayList<>() : metadata.variables();
        for (ColumnSpec v : variables) {
            if (v.type().kind() == CqlType.Kind.COUNTER) {
                return "it updates counter column " + v.name();
            }
        }
        List<Token> tokens = tokenize(query);
        int binds = 0;
        for (Token t : tokens) {
            if (t.kind == Kind.BIND) {
                t.bindIndex = binds++;
            }
        }
        // Bind markers map to variables by position when the counts agree.
        boolean positional = binds == variables.size();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.WORD && t.text.equals("if")) {
                return "it is a conditional update (IF ...), a lightweight transaction";
            }
            if (t.kind == Kind.WORD && NON_DETERMINISTIC.contains(t.text) && is(tokens, i + 1, "(")) {
                return "it calls the non-deterministic function " + t.text + "()";
            }
            if (t.kind == Kind.WORD && t.text.equals("counter") && i > 0 && tokens.get(i - 1).text.equals("begin")) {
                return "it is a counter batch";
            }
            if (t.kind == Kind.PUNCT && t.text.equals("=") && i > 0 && tokens.get(i - 1).isName()) {
                String reason = assignment(tokens, i, variables, positional);
                if (reason != null) {
                    return reason;
                }
            }
        }
        return null;
    }

    /** Checks {@code col = col +/- term} and {@code col = term + col} at the '=' at {@code eq}. */
    private static String assignment(List<Token> tokens, int eq, List<ColumnSpec> variables, boolean positional) {
        Token column = tokens.get(eq - 1);
        int r = eq + 1;
        if (r >= tokens.size()) {
            return null;
        }
        if (tokens.get(r).sameName(column) && (is(tokens, r + 1, "+") || is(tokens, r + 1, "-"))) {
            boolean add = is(tokens, r + 1, "+");
            int term = r + 2;
            if (term >= tokens.size()) {
                return null;
            }
            Token operand = tokens.get(term);
            if (operand.kind == Kind.NUMBER || (operand.text.equals("-") && kindAt(tokens, term + 1) == Kind.NUMBER)) {
                return "it updates counter column " + column.text + " (" + column.text + " = " + column.text
                        + (add ? " + " : " - ") + "...)";
            }
            if (!add) {
                return null; // removal of set/list elements or map keys: repeating removes nothing more
            }
            if (operand.text.equals("[")) {
                return "it appends to list column " + column.text;
            }
            if (operand.text.equals("{")) {
                return null; // set or map addition
            }
            if (operand.kind == Kind.BIND) {
                CqlType.Kind kind = bindKind(operand, column, variables, positional);
                if (kind == CqlType.Kind.SET || kind == CqlType.Kind.MAP) {
                    return null;
                }
                return kind == CqlType.Kind.LIST
                        ? "it appends to list column " + column.text
                        : "it adds to column " + column.text + " (" + column.text + " = " + column.text
                                + " + ...), which may be a list append or a counter update";
            }
            return "it adds to column " + column.text + " (" + column.text + " = " + column.text + " + ...)";
        }
        int end = termEnd(tokens, r);
        if (end > r && is(tokens, end, "+") && end + 1 < tokens.size() && tokens.get(end + 1).sameName(column)) {
            return "it prepends to list column " + column.text;
        }
        return null;
    }

    private static CqlType.Kind bindKind(Token marker, Token column, List<ColumnSpec> variables, boolean positional) {
        if (positional) {
            return variables.get(marker.bindIndex).type().kind();
        }
        for (ColumnSpec v : variables) {
            if (column.matches(v.name())) {
                return v.type().kind();
            }
        }
        return null;
    }

    /** The index after the term starting at {@code i}: a bracketed group, a call or one token. */
    private static int termEnd(List<Token> tokens, int i) {
        if (i >= tokens.size()) {
            return i;
        }
        Token t = tokens.get(i);
        if (t.text.equals("[") || t.text.equals("{") || t.text.equals("(")) {
            return closing(tokens, i) + 1;
        }
        if (t.isName() && is(tokens, i + 1, "(")) {
            return closing(tokens, i + 1) + 1;
        }
        return i + 1;
    }

    private static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.PUNCT && (t.text.equals("[") || t.text.equals("{") || t.text.equals("("))) {
                depth++;
            } else if (t.kind == Kind.PUNCT && (t.text.equals("]") || t.text.equals("}") || t.text.equals(")"))) {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return tokens.size() - 1;
    }

    private static boolean is(List<Token> tokens, int i, String punct) {
        return i < tokens.size() && tokens.get(i).kind == Kind.PUNCT && tokens.get(i).text.equals(punct);
    }

    private static Kind kindAt(List<Token> tokens, int i) {
        return i < tokens.size() ? tokens.get(i).kind : null;
    }

    // ------------------------------------------------------------------ tokens

    private enum Kind {
        WORD, QUOTED_NAME, STRING, NUMBER, BIND, PUNCT
    }

    private static final class Token {
        final Kind kind;
        /** Lower case for words (CQL folds unquoted names), exact for quoted names. */
        final String text;
        int bindIndex = -1;

        Token(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }

        boolean sameName(Token other) {
            return isName() && other.isName() && text.equals(other.text);
        }

        /** Whether this name denotes the column {@code name} as the server reports it. */
        boolean matches(String name) {
            return isName() && text.equals(kind == Kind.WORD ? name.toLowerCase(Locale.ROOT) : name);
        }
    }

    /** CQL tokens with comments dropped; literals kept as single opaque tokens. */
    private static List<Token> tokenize(String q) {
        List<Token> out = new ArrayList<>();
        Matcher uuid = UUID_LITERAL.matcher(q);
        int n = q.length();
        int i = 0;
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ((c == '-' && i + 1 < n && q.charAt(i + 1) == '-')
                    || (c == '/' && i + 1 < n && q.charAt(i + 1) == '/')) {
                int eol = q.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && q.charAt(i + 1) == '*') {
                int end = q.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                StringBuilder text = new StringBuilder();
                while (j < n) {
                    if (q.charAt(j) == c) {
                        if (j + 1 < n && q.charAt(j + 1) == c) {
                            text.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(q.charAt(j++));
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_NAME, text.toString()));
                i = j + 1;
            } else if (c == '$' && q.startsWith("$$", i)) {
                int end = q.indexOf("$$", i + 2);
                out.add(new Token(Kind.STRING, ""));
                i = end < 0 ? n : end + 2;
            } else if (uuid.region(i, n).lookingAt()) {
                out.add(new Token(Kind.NUMBER, q.substring(i, uuid.end())));
                i = uuid.end();
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, q.substring(i, j).toLowerCase(Locale.ROOT)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, q.substring(i, j)));
                i = j;
            } else if (c == '?') {
                out.add(new Token(Kind.BIND, "?"));
                i++;
            } else if (c == ':' && i + 1 < n && (Character.isLetter(q.charAt(i + 1)) || q.charAt(i + 1) == '"')) {
                int j = i + 1;
                if (q.charAt(j) == '"') {
                    j = q.indexOf('"', j + 1);
                    j = j < 0 ? n : j + 1;
                } else {
                    while (j < n && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '_')) {
                        j++;
                    }
                }
                out.add(new Token(Kind.BIND, q.substring(i, j)));
                i = j;
            } else {
                out.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }
}
