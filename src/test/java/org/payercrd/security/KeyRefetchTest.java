package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An EHR's key set is fetched again when a token names a key id the cached set lacks. That refetch is never refused
 * because the fetch at start-up failed or was moments ago, and a refusal says which of the three things happened:
 * the keys could not be reached, the key id is not in the set even after fetching it again, or the refetch is
 * rate-limited (with when the next one may happen). Each test has its own issuer path, so its own key cache.
 */
class KeyRefetchTest {

    private static final String EHR = "https://ehr.example.org";
    private static final String AUD = "https://crd.payer.example/cds-services/crd-order-sign";
    private static final JwksServer JWKS = new JwksServer();
    private static final ECKey CURRENT = AuthenticatedService.ecKey("current-1");

    private final String path = "/" + UUID.randomUUID() + "/jwks.json";
    private final MutableClock clock = new MutableClock(Instant.now());

    @Test
    void firstCallAfterAFailedStartUpFetchFetchesTheKeysAgain() {
        EhrTokenVerifier verifier = started();
        JWKS.publish(path, List.of(CURRENT));

        assertThat(verifier.verify(token(CURRENT), AUD).getClaimAsString("iss")).isEqualTo(EHR);
    }

    @Test
    void keysBackAfterAFailedStartUpAndAFailedFirstCallAreFetchedSecondsLater() {
        EhrTokenVerifier verifier = started();
        assertThat(refusal(verifier, CURRENT)).startsWith("the issuer's keys are unreachable");
        JWKS.publish(path, List.of(CURRENT));
        clock.advance(Duration.ofSeconds(6));

        assertThat(verifier.verify(token(CURRENT), AUD).getClaimAsString("iss")).isEqualTo(EHR);
    }

    @Test
    void keyRotatedJustAfterStartUpIsFetchedAtOnce() {
        JWKS.publish(path, List.of(CURRENT));
        EhrTokenVerifier verifier = started();
        ECKey rotated = AuthenticatedService.ecKey("rotated-1");
        JWKS.publish(path, List.<JWK>of(CURRENT, rotated));

        assertThat(verifier.verify(token(rotated), AUD).getClaimAsString("iss")).isEqualTo(EHR);
        assertThat(JWKS.timesRequested(path)).isEqualTo(2);
    }

    @Test
    void unreachableKeysSayTheyAreUnreachable() {
        EhrTokenVerifier verifier = started();
        String unreachable =
                "the issuer's keys are unreachable: GET " + JWKS.url(path) + " failed: not found (HTTP 404)";

        assertThat(refusal(verifier, CURRENT)).isEqualTo(unreachable);
        assertThat(refusal(verifier, CURRENT))
                .as("no new attempt for 5 s")
                .startsWith(unreachable + " at ")
                .contains("; the next attempt is after ");
        assertThat(JWKS.timesRequested(path)).isEqualTo(2);
    }

    @Test
    void unknownKidIsRefusedAsUnknownAfterTheKeySetWasFetchedAgain() {
        EhrTokenVerifier verifier = startedWithTheCurrentKey();

        assertThat(refusal(verifier, AuthenticatedService.ecKey("never-published")))
                .isEqualTo("no key with kid 'never-published' in the issuer's key set, fetched again just now");
        assertThat(JWKS.timesRequested(path)).isEqualTo(2);
    }

    @Test
    void secondRefetchWithinTheIntervalIsRateLimitedAndSaysWhenItMayRetry() {
        EhrTokenVerifier verifier = startedWithTheCurrentKey();
        assertThat(refusal(verifier, AuthenticatedService.ecKey("made-up-1")))
                .startsWith("no key with kid 'made-up-1'");
        Instant retry = clock.instant().plusSeconds(30);

        assertThat(refusal(verifier, AuthenticatedService.ecKey("made-up-2")))
                .startsWith("no key with kid 'made-up-2' in the issuer's key set (fetched at ")
                .endsWith("); its refetch is rate-limited to one per 30 s: the key set may be fetched again after "
                        + retry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(JWKS.timesRequested(path)).isEqualTo(2);
        assertThat(verifier.verify(token(CURRENT), AUD).getClaimAsString("iss"))
                .as("known keys still verify")
                .isEqualTo(EHR);
    }

    private EhrTokenVerifier started() {
        return Verifiers.started(
                Map.of("trusted-issuers[0].issuer", EHR, "trusted-issuers[0].jwks-url", JWKS.url(path)), clock);
    }

    private EhrTokenVerifier startedWithTheCurrentKey() {
        JWKS.publish(path, List.of(CURRENT));
        return started();
    }

    /** Why the verifier refuses a token for order-sign signed with {@code key}, as the 401 says it. */
    private static String refusal(EhrTokenVerifier verifier, ECKey key) {
        return Verifiers.refusal(verifier, token(key), AUD);
    }

    private static String token(ECKey key) {
        return AuthenticatedService.signed(
                key,
                JWSAlgorithm.ES384,
                AuthenticatedService.claims("/cds-services/crd-order-sign").build());
    }
}
