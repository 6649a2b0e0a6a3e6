package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.TrustedIssuer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's "Trusting the common test clients" configuration, read from the README itself, trusts tokens shaped
 * exactly like those the two public test clients sent (header and claims captured from their traffic, in
 * {@code security/test-clients/}).
 */
class TestClientsTrustTest {

    private static final String SANDBOX = "https://sandbox.cds-hooks.org";
    private static final String GENERATOR = "http://127.0.0.1:8091/fhir";
    /**
     * The cds-hooks-sandbox's signing key, private half included: it is published in the sandbox's source repository
     * (github.com/cds-hooks/sandbox, keys/jwk-keypair.json) precisely so that anyone can check its tokens; it is a
     * test client's key, not a secret, which is why trusting the sandbox is for test setups only.
     */
    private static final String SANDBOX_KEY_PAIR = "{\"kty\":\"EC\",\"use\":\"sig\",\"crv\":\"P-384\",\"alg\":\"ES384\","
            + "\"kid\":\"44823f3d-0b01-4a6c-a80e-b9d3e8a7226f\","
            + "\"d\":\"yOcYl9QzMKnBFUiPZKBijDV_lsEtn6oWFVOqtFyXbY_-V63WCBYYdxsLo9Pclr84\","
            + "\"x\":\"dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB\","
            + "\"y\":\"Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy\"}";

    private final Auth auth = readmeConfiguration();

    @Test
    void sandboxTokenVerifiesWithThePinnedKeyAndItsJkuIsNeverFetched() throws ParseException {
        JsonNode captured = captured("cds-hooks-sandbox-order-select.jwt-claims.json");
        ECKey key = ECKey.parse(SANDBOX_KEY_PAIR);
        String audience = auth.publicBaseUrl() + "/cds-services/crd-order-select";
        assertThat(captured.at("/claims/aud").asText()).as("the captured aud is what public-base-url gives").isEqualTo(audience);
        assertThat(captured.at("/header/kid").asText()).as("the pinned key is the one the sandbox signs with").isEqualTo(key.getKeyID());

        String token = AuthenticatedService.signed(key, JWSAlgorithm.parse(captured.at("/header/alg").asText()),
                claims(captured, audience, Duration.ofSeconds(captured.at("/lifetime_s").asLong())).build(),
                header -> header.type(JOSEObjectType.JWT).jwkURL(URI.create(captured.at("/header/jku").asText())));

        // Offline: a fetch of https://sandbox.cds-hooks.org would fail and refuse the token.
        assertThat(verifier(auth).verify(token, audience).getClaimAsString("iss")).isEqualTo(SANDBOX);
    }

    @Test
    void generatorTokenVerifiesWithItsBareKeyArrayAndItsDayLongLifetime() {
        JsonNode captured = captured("crd-request-generator-order-sign.jwt-claims.json");
        TrustedIssuer configured = issuer(auth, GENERATOR);
        assertThat(captured.at("/claims/iss").asText()).isEqualTo(configured.issuer());
        assertThat(captured.at("/header/jku").asText()).isEqualTo(configured.jwksUrl());
        // The generator's /public_keys cannot run here: the same issuer, its keys served the same way on a local port.
        JwksServer generatorPage = new JwksServer();
        RSAKey pageKey = AuthenticatedService.rsaKey(captured.at("/header/kid").asText());
        String jwksUrl = generatorPage.publishBareArray("/public_keys", List.<JWK>of(pageKey));
        Auth local = new Auth(auth.required(), auth.publicBaseUrl(), auth.discoveryRequired(), List.of(new TrustedIssuer(
                configured.issuer(), jwksUrl, configured.jwks(), configured.jwksFile(), configured.algorithms(),
                configured.maxTokenLifetime(), configured.acceptBareJwkArray())), auth.clockSkew(), auth.maxTokenLifetime(),
                auth.replayStore());
        String audience = auth.publicBaseUrl() + "/cds-services/crd-order-sign";

        String token = AuthenticatedService.signed(pageKey, JWSAlgorithm.parse(captured.at("/header/alg").asText()),
                claims(captured, audience, Duration.ofSeconds(captured.at("/lifetime_s").asLong())).build(),
                header -> header.type(JOSEObjectType.JWT).jwkURL(URI.create(jwksUrl)));

        assertThat(verifier(local).verify(token, audience).getClaimAsString("iss")).isEqualTo(GENERATOR);
        assertThat(auth.maxTokenLifetime()).as("every other issuer keeps the global limit").isEqualTo(Duration.ofMinutes(5));
    }

    private static JWTClaimsSet.Builder claims(JsonNode captured, String audience, Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(captured.at("/claims/iss").asText())
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static EhrTokenVerifier verifier(Auth auth) {
        TrustedIssuers issuers = new TrustedIssuers(auth, Clock.systemUTC());
        issuers.fetchKeys();
        return new EhrTokenVerifier(issuers, new JtiReplayCache(Clock.systemUTC()), auth.clockSkew());
    }

    private static TrustedIssuer issuer(Auth auth, String issuer) {
        return auth.trustedIssuers().stream().filter(trusted -> trusted.issuer().equals(issuer)).findFirst().orElseThrow();
    }

    /** The first yaml block of the README's "Trusting the common test clients" section, bound as the service binds it. */
    static Auth readmeConfiguration() {
        try {
            String readme = Files.readString(Path.of("README.md"));
            String section = readme.substring(readme.indexOf("### Trusting the common test clients"));
            Matcher yaml = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(section);
            assertThat(yaml.find()).as("the section has a yaml block").isTrue();
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("README",
                    new ByteArrayResource(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
            return new Binder(ConfigurationPropertySources.from(sources)).bind("crd.auth", Auth.class).get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode captured(String name) {
        try (InputStream in = TestClientsTrustTest.class.getResourceAsStream("/security/test-clients/" + name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
