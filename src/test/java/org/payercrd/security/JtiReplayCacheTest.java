package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JtiReplayCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final JtiReplayCache cache = new JtiReplayCache(clock);

    @Test
    void secondUseOfAJtiWithinItsTokensLifetimeIsAReplay() {
        Instant forgetAfter = clock.instant().plus(Duration.ofMinutes(5));

        assertThat(cache.firstUse("https://ehr.example.org", "jti-1", forgetAfter))
                .isTrue();
        assertThat(cache.firstUse("https://ehr.example.org", "jti-1", forgetAfter))
                .isFalse();
    }

    @Test
    void sameJtiFromAnotherIssuerIsNotAReplay() {
        Instant forgetAfter = clock.instant().plus(Duration.ofMinutes(5));
        cache.firstUse("https://ehr.example.org", "jti-1", forgetAfter);

        assertThat(cache.firstUse("https://other-ehr.example.org", "jti-1", forgetAfter))
                .isTrue();
    }

    @Test
    void jtisAreForgottenOnceTheirTokensHaveExpired() {
        cache.firstUse("https://ehr.example.org", "jti-1", clock.instant().plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(6));

        cache.firstUse("https://ehr.example.org", "jti-2", clock.instant().plus(Duration.ofMinutes(5)));

        assertThat(cache.size()).as("the expired entry was swept").isEqualTo(1);
    }
}
