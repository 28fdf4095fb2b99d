package io.qtj.network.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The challenges in the value of an HTTP {@code Proxy-Authenticate} or {@code WWW-Authenticate}
 * header (RFC 9110 section 11): what {@link HttpSocketEngine} reads the scheme and the realm
 * from, the part of Qt's {@code QAuthenticatorPrivate::parseHttpResponse} this port needs.
 *
 * <p>The syntax read: one or more challenges separated by commas, each an auth-scheme token
 * (compared case-insensitively by {@link Challenge#is}) followed by either a token68 (the
 * {@code NTLM}/{@code Negotiate} form, e.g. {@code Negotiate abc==}) or a comma-separated list of
 * parameters {@code name=token} or {@code name="quoted string"} (backslash escapes the next
 * character); spaces and tabs are allowed around the commas and the {@code =}, and empty list
 * elements ({@code ", ,"}) are skipped. A comma followed by {@code token =} continues the
 * parameters, a comma followed by a token without {@code =} starts the next challenge, so
 * {@code Digest realm="a", nonce="n", Basic realm="b"} holds two challenges.
 *
 * <p>Parameter names are lower-cased (they are case-insensitive); when a name occurs twice in one
 * challenge the first value is kept. Values are returned unquoted and unescaped, characters as
 * received (ISO-8859-1).
 *
 * <p>Broken input never throws. A challenge whose parameters do not follow the syntax (an
 * unclosed quote, a name without {@code =} or without a value, a control character, a stray
 * character after a value) keeps its scheme but loses all its parameters, so no realm is ever read
 * from half a challenge; parsing stops there, since what follows an unclosed quote cannot be told
 * apart from the quoted text. Challenges before it are kept. Text that does not start with a
 * scheme token gives no challenge.
 *
 * <p>Pure functions; thread-safe. Not API.
 */
final class AuthChallenges {
    private AuthChallenges() {
    }

    /**
     * One challenge: the scheme as sent, its parameters (names lower-cased, in the order sent)
     * and its token68 ("" when it has parameters or nothing after the scheme).
     */
    record Challenge(String scheme, Map<String, String> parameters, String token68) {
        /** Copies {@code parameters} into an unmodifiable map, keeping its order. */
        Challenge {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        /** Returns true if the scheme is {@code name}, ignoring case (auth-schemes are case-insensitive). */
        boolean is(String name) {
            return scheme.equalsIgnoreCase(name);
        }

        /** Returns the value of the parameter {@code name} (any case), or null if the challenge has none. */
        String parameter(String name) {
            return parameters.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Returns the challenges in the header value {@code value}, in order; empty if there is none. */
    static List<Challenge> parse(String value) {
        return new Parser(value).challenges();
    }

    /**
     * Returns the first challenge in {@code challenges} whose scheme is {@code scheme} (ignoring
     * case), or null if there is none.
     */
    static Challenge first(List<Challenge> challenges, String scheme) {
        for (Challenge c : challenges) {
            if (c.is(scheme)) {
                return c;
            }
        }
        return null;
    }

    /** Returns true if {@code c} is a tchar, a character of a token (RFC 9110 section 5.6.2). */
    static boolean isTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isToken68Char(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0;
    }

    /** A character allowed inside a quoted string, or after its backslash: HTAB, SP, VCHAR, obs-text. */
    private static boolean isQuotedChar(char c) {
        return c == '\t' || c >= 0x20 && c != 0x7F && c <= 0xFF;
    }

    /** Signals a syntax error inside a challenge's parameters; caught by {@link Parser#challenges()}. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    /** One pass over one header value. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        List<Challenge> challenges() {
            List<Challenge> out = new ArrayList<>();
            while (true) {
                skipSeparators();
                if (atEnd()) {
                    return out;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    return out;   // not a challenge: nothing after this can be trusted
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                String[] token68 = {""};
                try {
                    afterScheme(parameters, token68);
                } catch (Malformed e) {
                    out.add(new Challenge(scheme, Map.of(), ""));
                    return out;
                }
                out.add(new Challenge(scheme, parameters, token68[0]));
            }
        }

        /**
         * Reads what follows a scheme, up to the start of the next challenge (or the end), into
         * {@code parameters} or {@code token68[0]}.
         */
        private void afterScheme(Map<String, String> parameters, String[] token68) throws Malformed {
            if (atEnd() || peek() == ',') {
                return;
            }
            if (!isSpace(peek())) {
                throw new Malformed();
            }
            skipSpaces();
            if (atEnd() || peek() == ',') {
                return;
            }
            String t68 = token68();
            if (t68 != null) {
                token68[0] = t68;
                return;
            }
            while (true) {
                String name = token();
                if (name.isEmpty()) {
                    throw new Malformed();
                }
                skipSpaces();
                if (atEnd() || peek() != '=') {
                    throw new Malformed();
                }
                pos++;
                skipSpaces();
                String value;
                if (!atEnd() && peek() == '"') {
                    value = quotedString();
                } else {
                    value = token();
                    if (value.isEmpty()) {
                        throw new Malformed();
                    }
                }
                parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                skipSpaces();
                if (atEnd()) {
                    return;
                }
                if (peek() != ',') {
                    throw new Malformed();
                }
                skipSeparators();
                if (atEnd() || !parameterFollows()) {
                    return;   // the end, or the next challenge's scheme
                }
            }
        }

        /**
         * Reads a token68 that runs to the end of the value or to a comma and returns it; or, if
         * the text at {@link #pos} is not one, returns null and leaves {@link #pos} unchanged.
         */
        private String token68() {
            int start = pos;
            int i = pos;
            while (i < s.length() && isToken68Char(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return null;
            }
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
            int end = i;
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            if (i < s.length() && s.charAt(i) != ',') {
                return null;
            }
            pos = i;
            return s.substring(start, end);
        }

        /** Returns true if a parameter ({@code token =}) starts at {@link #pos}, without moving. */
        private boolean parameterFollows() {
            int i = pos;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == pos) {
                return true;   // not a token: let the parameter syntax report it
            }
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            return i < s.length() && s.charAt(i) == '=';
        }

        /** Reads a quoted string starting at the opening quote; returns its unescaped content. */
        private String quotedString() throws Malformed {
            StringBuilder sb = new StringBuilder();
            pos++;   // the opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw new Malformed();
                    }
                    c = s.charAt(pos++);
                }
                if (!isQuotedChar(c)) {
                    throw new Malformed();
                }
                sb.append(c);
            }
            throw new Malformed();   // no closing quote
        }

        private String token() {
            int start = pos;
            while (!atEnd() && isTokenChar(peek())) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (!atEnd() && isSpace(peek())) {
                pos++;
            }
        }

        /** Skips spaces, tabs and commas: list separators and empty list elements. */
        private void skipSeparators() {
            while (!atEnd() && (isSpace(peek()) || peek() == ',')) {
                pos++;
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t';
        }

        private boolean atEnd() {
            return pos >= s.length();
        }

        private char peek() {
            return s.charAt(pos);
        }
    }
}
