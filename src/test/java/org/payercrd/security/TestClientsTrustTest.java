package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.TrustedIssuer;
import org.payercrd.clients.TestClients;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

/**
 * The README's "Trusting the common test clients" configuration, read from the README itself, trusts tokens shaped
 * exactly like those the two public test clients sent (header and claims captured from their traffic, in
 * {@code clients/<client>/*.jwt-claims.json}). {@code clients.TestClientsWithTokensTest} calls the running service with
 * the same configuration.
 */
class TestClientsTrustTest {

    private final Auth auth = new Binder(ConfigurationPropertySources.from(TestClients.readmeConfiguration()))
            .bind("crd.auth", Auth.class)
            .get();

    @Test
    void sandboxTokenVerifiesWithThePinnedKeyAndItsJkuIsNeverFetched() {
        JsonNode captured = TestClients.captured("cds-hooks-sandbox/order-select.jwt-claims.json");
        ECKey key = TestClients.sandboxKey();
        String audience = auth.publicBaseUrl() + "/cds-services/crd-order-select";
        assertThat(captured.at("/claims/aud").asText())
                .as("the captured aud is what public-base-url gives")
                .isEqualTo(audience);
        assertThat(captured.at("/header/kid").asText())
                .as("the pinned key is the one the sandbox signs with")
                .isEqualTo(key.getKeyID());

        String token = TestClients.tokenLike(captured, key);

        // Offline: a fetch of https://sandbox.cds-hooks.org would fail and refuse the token.
        assertThat(verifier(auth).verify(token, audience).getClaimAsString("iss"))
                .isEqualTo(TestClients.SANDBOX);
    }

    @Test
    void generatorTokenVerifiesWithItsBareKeyArrayAndItsDayLongLifetime() {
        JsonNode captured = TestClients.captured("crd-request-generator/order-sign-0600T.jwt-claims.json");
        TrustedIssuer configured = issuer(auth, TestClients.GENERATOR);
        assertThat(captured.at("/claims/iss").asText()).isEqualTo(configured.issuer());
        assertThat(captured.at("/header/jku").asText()).isEqualTo(configured.jwksUrl());
        // The generator's /public_keys cannot run here: the same issuer, its keys served the same way on a local port.
        JwksServer generatorPage = new JwksServer();
        RSAKey pageKey = AuthenticatedService.rsaKey(captured.at("/header/kid").asText());
        String jwksUrl = generatorPage.publishBareArray("/public_keys", List.<JWK>of(pageKey));
        Auth local = new Auth(
                auth.required(),
                auth.publicBaseUrl(),
                auth.discoveryRequired(),
                List.of(new TrustedIssuer(
                        configured.issuer(),
                        jwksUrl,
                        configured.jwks(),
                        configured.jwksFile(),
                        configured.algorithms(),
                        configured.maxTokenLifetime(),
                        configured.acceptBareJwkArray())),
                auth.clockSkew(),
                auth.maxTokenLifetime(),
                auth.replayStore());
        String audience = auth.publicBaseUrl() + "/cds-services/crd-order-sign";
        assertThat(captured.at("/claims/aud").asText()).isEqualTo(audience);

        String token = TestClients.tokenLike(captured, pageKey, URI.create(jwksUrl));

        assertThat(verifier(local).verify(token, audience).getClaimAsString("iss"))
                .isEqualTo(TestClients.GENERATOR);
        assertThat(auth.maxTokenLifetime())
                .as("every other issuer keeps the global limit")
                .isEqualTo(Duration.ofMinutes(5));
    }

    private static EhrTokenVerifier verifier(Auth auth) {
        TrustedIssuers issuers = new TrustedIssuers(auth, Clock.systemUTC());
        issuers.fetchKeys();
        return new EhrTokenVerifier(issuers, new JtiReplayCache(Clock.systemUTC()), auth.clockSkew());
    }

    private static TrustedIssuer issuer(Auth auth, String issuer) {
        return auth.trustedIssuers().stream()
                .filter(trusted -> trusted.issuer().equals(issuer))
                .findFirst()
                .orElseThrow();
    }
}
