package org.payercrd.security;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A token refused, with a reason that is safe to echo: caller-supplied values are cut to printable ASCII, so they
 * can go into a header and a log line.
 */
final class RefusedToken {

    private static final int MAX_ECHO = 120;

    private RefusedToken() {
    }

    static InvalidBearerTokenException because(String reason) {
        return new InvalidBearerTokenException(reason);
    }

    static InvalidBearerTokenException because(String reason, Throwable cause) {
        return new InvalidBearerTokenException(reason, cause);
    }

    /** A value from the token, fit to quote in a reason. */
    static String quote(Object value) {
        String text = String.valueOf(value);
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < text.length() && safe.length() < MAX_ECHO; i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return "'" + safe + (text.length() > MAX_ECHO ? "...'" : "'");
    }
}
