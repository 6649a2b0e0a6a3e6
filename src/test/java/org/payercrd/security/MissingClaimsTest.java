package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A trusted, correctly signed token that lacks a claim CDS Hooks 2.0 requires is refused, and the reason names the
 * claim: Spring Security fills a missing {@code iat} from {@code exp} and leaves a missing {@code aud} null, so both
 * are checked on the claims as sent.
 */
class MissingClaimsTest {

    private static final String EHR = "https://ehr.example.org";
    private static final String AUD = "https://crd.payer.example/cds-services/crd-order-sign";
    private static final JwksServer JWKS = new JwksServer();
    private static final ECKey KEY = AuthenticatedService.ecKey("claims-1");
    private static final String PATH = "/claims/jwks.json";

    static {
        JWKS.publish(PATH, List.of(KEY));
    }

    private final EhrTokenVerifier verifier =
            Verifiers.started(Map.of("trusted-issuers[0].issuer", EHR, "trusted-issuers[0].jwks-url", JWKS.url(PATH)));

    @Test
    void tokenWithoutAudIsRefused() {
        refused(claims(null, true), "aud is missing: it must be " + AUD + ", the endpoint called");
    }

    @Test
    void tokenWithNullAudIsRefused() {
        refused(claims("null", true), "aud is missing: it must be " + AUD + ", the endpoint called");
    }

    @Test
    void tokenWithoutIatIsRefusedAsMissingNotAsFromTheFuture() {
        refused(claims("\"" + AUD + "\"", false), "iat is missing");
    }

    private void refused(String claims, String reason) {
        assertThat(Verifiers.refusal(verifier, token(claims), AUD)).isEqualTo(reason);
    }

    /** Good claims but for {@code aud} (a JSON value, or absent when null) and, unless {@code withIat}, {@code iat}. */
    static String claims(String audJson, boolean withIat) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + EHR + "\""
                + (audJson == null ? "" : ",\"aud\":" + audJson)
                + (withIat ? ",\"iat\":" + now : "")
                + ",\"exp\":" + (now + 120)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
    }

    private static String token(String claims) {
        return Verifiers.signedJson(KEY, JWSAlgorithm.ES384, claims, header -> header);
    }
}
