package org.payercrd;

import java.util.regex.Pattern;

/**
 * Text a caller sent, made safe to echo: a caller must not be able to forge a log line or break an HTTP header with
 * what it puts in a token or a request. The one home for that cleaning; each caller keeps its own length limit.
 */
public final class SafeText {

    private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^A-Za-z0-9._:-]");

    private SafeText() {}

    /**
     * Printable ASCII without double quote or backslash, typographic quotes as {@code '}, every other character a
     * {@code ?}: what an RFC 7230 quoted-string (an RFC 6750 {@code error_description}) may hold, and no line break
     * for a log.
     */
    public static String quotable(Object text) {
        StringBuilder safe = new StringBuilder();
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '\u2018' || c == '\u2019' || c == '\u201c' || c == '\u201d') {
                // Typographic quotes, as Spring's own messages put around what they quote: still quotes to a reader.
                safe.append('\'');
            } else {
                safe.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
            }
        }
        return safe.toString();
    }

    /** An identifier (a UUID, an id) for a log line: letters, digits and {@code . _ : -} only, others become {@code _}. */
    public static String identifier(String text, int maxLength) {
        return shortened(NOT_IDENTIFIER.matcher(text).replaceAll("_"), maxLength);
    }

    /** The first {@code maxLength} characters, and {@code ...} when there were more. */
    public static String shortened(String text, int maxLength) {
        return text.length() > maxLength ? text.substring(0, maxLength) + "..." : text;
    }
}
