package org.payercrd.security;

import org.payercrd.SafeText;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A token refused, with a reason that is safe to echo: caller-supplied values are cut to printable ASCII, so they
 * can go into a header and a log line.
 */
final class RefusedToken {

    private static final int MAX_ECHO = 120;

    private RefusedToken() {}

    static InvalidBearerTokenException because(String reason) {
        return new InvalidBearerTokenException(descriptionSafe(reason));
    }

    static InvalidBearerTokenException because(String reason, Throwable cause) {
        return new InvalidBearerTokenException(descriptionSafe(reason), cause);
    }

    /**
     * RFC 6750 allows no double quote, backslash or control character in an error description, and Spring Security
     * replaces a description that has one with "Invalid token": a reason quoting a library's message must not lose
     * its meaning that way.
     */
    private static String descriptionSafe(String reason) {
        return SafeText.quotable(String.valueOf(reason).replace('"', '\''));
    }

    /** A value from the token, fit to quote in a reason. */
    static String quote(Object value) {
        return "'" + SafeText.quotable(SafeText.shortened(String.valueOf(value), MAX_ECHO)) + "'";
    }
}
