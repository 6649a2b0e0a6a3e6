package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Options one trusted issuer may have without widening them for all: its own {@code max-token-lifetime}, and
 * accepting a bare JSON array of JWKs from its key URL (the crd-request-generator's {@code /public_keys}).
 */
class IssuerOptionsTest {

    private static final String AUD = "https://crd.payer.example/cds-services/crd-order-sign";
    private static final String DAY_LONG = "https://day-long.example/fhir";
    private static final String STRICT = "https://strict.example/fhir";
    private static final JwksServer JWKS = new JwksServer();
    private static final RSAKey KEY = AuthenticatedService.rsaKey("options-1");

    static {
        JWKS.publish("/day-long/jwks.json", List.of(KEY));
        JWKS.publish("/strict/jwks.json", List.of(KEY));
        JWKS.publishBareArray("/bare/public_keys", List.of(KEY));
    }

    @Test
    void anIssuersOwnMaximumLifetimeAppliesToItsTokensOnly() {
        EhrTokenVerifier verifier = trusting(
                rs256Issuer(0, DAY_LONG, "/day-long/jwks.json", Map.of("max-token-lifetime", "24h")),
                rs256Issuer(1, STRICT, "/strict/jwks.json", Map.of()));

        assertThat(verifier.verify(token(DAY_LONG, Duration.ofHours(24)), AUD).getClaimAsString("iss"))
                .isEqualTo(DAY_LONG);
        assertThat(Verifiers.refusal(
                        verifier, token(DAY_LONG, Duration.ofHours(24).plusSeconds(1)), AUD))
                .isEqualTo("the token lives longer than the 86400 s accepted (exp - iat)");
        assertThat(Verifiers.refusal(verifier, token(STRICT, Duration.ofHours(24)), AUD))
                .isEqualTo("the token lives longer than the 300 s accepted (exp - iat)");
    }

    @Test
    void bareJwkArrayIsAcceptedFromAnIssuerThatAllowsIt() {
        EhrTokenVerifier verifier =
                trusting(rs256Issuer(0, DAY_LONG, "/bare/public_keys", Map.of("accept-bare-jwk-array", "true")));

        assertThat(verifier.verify(token(DAY_LONG, Duration.ofMinutes(2)), AUD).getClaimAsString("iss"))
                .isEqualTo(DAY_LONG);
    }

    @Test
    void bareJwkArrayIsRefusedByDefaultSayingWhy() {
        EhrTokenVerifier verifier = trusting(rs256Issuer(0, DAY_LONG, "/bare/public_keys", Map.of()));

        assertThat(Verifiers.refusal(verifier, token(DAY_LONG, Duration.ofMinutes(2)), AUD))
                .isEqualTo(
                        "the issuer's key URL " + JWKS.url("/bare/public_keys") + " answered a bare JSON array of JWKs,"
                                + " not a JWK Set ({'keys': [...]}); accept-bare-jwk-array is off for this issuer");
    }

    /** The settings of trusted issuer {@code index}: RS256, its keys at {@code jwksPath} here, and {@code options}. */
    private static Map<String, String> rs256Issuer(
            int index, String issuer, String jwksPath, Map<String, String> options) {
        String prefix = "trusted-issuers[" + index + "].";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "issuer", issuer);
        settings.put(prefix + "jwks-url", JWKS.url(jwksPath));
        settings.put(prefix + "algorithms", "RS256");
        options.forEach((name, value) -> settings.put(prefix + name, value));
        return settings;
    }

    @SafeVarargs
    private static EhrTokenVerifier trusting(Map<String, String>... issuers) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map<String, String> issuer : issuers) {
            settings.putAll(issuer);
        }
        return Verifiers.started(settings);
    }

    private static String token(String issuer, Duration lifetime) {
        Instant now = Instant.now();
        return AuthenticatedService.signed(
                KEY,
                JWSAlgorithm.RS256,
                AuthenticatedService.claims("/cds-services/crd-order-sign")
                        .issuer(issuer)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(lifetime)))
                        .build());
    }
}
