package org.payercrd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Caller-supplied text cannot break a header's quoted-string or start a new log line. */
class SafeTextTest {

    @Test
    void quotableKeepsPrintableAsciiAndMarksQuotesBackslashesControlAndNonAsciiCharacters() {
        assertThat(SafeText.quotable("iss \"x\\y\"\r\nSet-Cookie: a=b é")).isEqualTo("iss ?x?y???Set-Cookie: a=b ?");
        assertThat(SafeText.quotable(null)).isEqualTo("null");
    }

    @Test
    void quotableShowsTypographicQuotesAsApostrophes() {
        assertThat(SafeText.quotable("the HTTP method \u201cTRACE\u201d was not allowed; \u2018x\u2019"))
                .isEqualTo("the HTTP method 'TRACE' was not allowed; 'x'");
    }

    @Test
    void identifierKeepsIdCharactersAndReplacesTheRest() {
        assertThat(SafeText.identifier("abc\nINFO forged line", 64)).isEqualTo("abc_INFO_forged_line");
        assertThat(SafeText.identifier("7a0f3c52-1d6e-4f55-9d0a-0c2b8e6b9f11", 64))
                .isEqualTo("7a0f3c52-1d6e-4f55-9d0a-0c2b8e6b9f11");
    }

    @Test
    void shortenedCutsLongTextAndSaysSo() {
        assertThat(SafeText.shortened("abcdef", 3)).isEqualTo("abc...");
        assertThat(SafeText.shortened("abc", 3)).isEqualTo("abc");
    }
}
