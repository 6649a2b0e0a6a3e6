package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An issuer's keys pinned in the configuration, inline ({@code jwks}) or in a file ({@code jwks-file}): they verify
 * its tokens, and the token's {@code jku} is never fetched, whatever it names. This is how an issuer without a
 * reachable JWK Set (the cds-hooks-sandbox, offline) is trusted.
 */
class PinnedKeysTest {

    private static final String EHR = "https://pinned-ehr.example.org";
    private static final String AUD = "https://crd.payer.example/cds-services/crd-order-sign";
    private static final JwksServer JWKS = new JwksServer();
    private static final ECKey PINNED = AuthenticatedService.ecKey("pinned-1");

    @Test
    void inlinePinnedKeyVerifiesAndTheTokensJkuIsNeverFetched() {
        String jku = "/elsewhere/jwks.json";
        JWKS.publish(jku, List.of(AuthenticatedService.ecKey("elsewhere-1")));
        EhrTokenVerifier verifier = Verifiers.started(
                Map.of("trusted-issuers[0].issuer", EHR, "trusted-issuers[0].jwks", new JWKSet(PINNED).toString(true)));

        assertThat(verifier.verify(token(PINNED, JWKS.url(jku)), AUD).getClaimAsString("iss"))
                .isEqualTo(EHR);
        assertThat(JWKS.timesRequested(jku)).isZero();
    }

    @Test
    void pinnedKeyFromAFileVerifies(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ehr-jwks.json"), new JWKSet(PINNED).toString(true));
        EhrTokenVerifier verifier = Verifiers.started(
                Map.of("trusted-issuers[0].issuer", EHR, "trusted-issuers[0].jwks-file", file.toString()));

        assertThat(verifier.verify(token(PINNED, null), AUD).getClaimAsString("iss"))
                .isEqualTo(EHR);
    }

    @Test
    void tokenSignedWithAKeyThatIsNotPinnedIsRefusedAndItsJkuNeverFetched() {
        ECKey other = AuthenticatedService.ecKey("not-pinned-1");
        String jku = "/not-pinned/jwks.json";
        JWKS.publish(jku, List.of(other));
        EhrTokenVerifier verifier = Verifiers.started(
                Map.of("trusted-issuers[0].issuer", EHR, "trusted-issuers[0].jwks", new JWKSet(PINNED).toString(true)));

        assertThat(Verifiers.refusal(verifier, token(other, JWKS.url(jku)), AUD))
                .isEqualTo("no key with kid 'not-pinned-1' among the keys pinned in its jwks setting");
        assertThat(JWKS.timesRequested(jku)).isZero();
    }

    @Test
    void impostorKeyUnderThePinnedKidDoesNotVerify() {
        EhrTokenVerifier verifier = Verifiers.started(
                Map.of("trusted-issuers[0].issuer", EHR, "trusted-issuers[0].jwks", new JWKSet(PINNED).toString(true)));

        assertThat(Verifiers.refusal(verifier, token(AuthenticatedService.ecKey(PINNED.getKeyID()), null), AUD))
                .startsWith("the token does not verify with the issuer's keys");
    }

    private static String token(ECKey key, String jku) {
        return AuthenticatedService.signed(
                key,
                JWSAlgorithm.ES384,
                AuthenticatedService.claims("/cds-services/crd-order-sign")
                        .issuer(EHR)
                        .build(),
                header -> jku == null ? header : header.jwkURL(URI.create(jku)));
    }
}
