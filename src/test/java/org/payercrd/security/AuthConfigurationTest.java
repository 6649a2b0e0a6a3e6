package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.TrustedIssuer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A configuration that would leave the service open, or trusting forgeable tokens, stops it at start-up. */
class AuthConfigurationTest {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void requiredAuthenticationWithoutTrustedIssuersIsRefused() {
        Set<ConstraintViolation<Auth>> violations = VALIDATOR.validate(auth(true, List.of()));

        assertThat(violations)
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("crd.auth.required=true needs at least one crd.auth.trusted-issuers entry");
    }

    @Test
    void hmacAlgorithmForAnIssuerIsRefused() {
        Auth auth = auth(true, List.of(issuer("https://ehr.example.org/jwks", null, null, List.of("RS384", "HS256"))));

        assertThatThrownBy(() -> new TrustedIssuers(auth, Clock.systemUTC()))
                .hasMessageContaining("lists algorithm 'HS256'");
    }

    @Test
    void issuerListedTwiceIsRefused() {
        TrustedIssuer issuer = issuer("https://ehr.example.org/jwks", null, null, List.of("ES384"));

        assertThatThrownBy(() -> new TrustedIssuers(auth(true, List.of(issuer, issuer)), Clock.systemUTC()))
                .hasMessageContaining("is listed twice");
    }

    @Test
    void authIsConfigurableFromEnvironmentVariables() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "CRD_AUTH_REQUIRED", "true",
                        "CRD_AUTH_PUBLICBASEURL", "https://crd.payer.example",
                        "CRD_AUTH_TRUSTEDISSUERS_0_ISSUER", "https://ehr.example.org",
                        "CRD_AUTH_TRUSTEDISSUERS_0_JWKSURL", "https://ehr.example.org/jwks",
                        "CRD_AUTH_TRUSTEDISSUERS_0_ALGORITHMS", "RS256,ES384"));

        Auth auth = new Binder(ConfigurationPropertySources.from(environment))
                .bind("crd.auth", Auth.class)
                .get();

        assertThat(auth.required()).isTrue();
        assertThat(auth.publicBaseUrl()).isEqualTo("https://crd.payer.example");
        assertThat(auth.trustedIssuers())
                .containsExactly(issuer("https://ehr.example.org/jwks", null, null, List.of("RS256", "ES384")));
        assertThat(auth.maxTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void issuerWithoutKeySourceIsRefused() {
        assertThatThrownBy(() -> trusted(issuer(null, null, null, List.of("ES384"))))
                .hasMessage("crd.auth.trusted-issuers: issuer 'https://ehr.example.org' needs exactly one key source "
                        + "(jwks-url, jwks or jwks-file); it has none");
    }

    @Test
    void issuerWithTwoKeySourcesIsRefused() {
        assertThatThrownBy(() -> trusted(issuer("https://ehr.example.org/jwks", PINNED, null, List.of("ES384"))))
                .hasMessage("crd.auth.trusted-issuers: issuer 'https://ehr.example.org' needs exactly one key source "
                        + "(jwks-url, jwks or jwks-file); it has jwks-url and jwks");
        assertThatThrownBy(() -> trusted(issuer(null, PINNED, "/etc/crd/ehr-jwks.json", List.of("ES384"))))
                .hasMessageEndingWith("it has jwks and jwks-file");
    }

    @Test
    void pinnedKeysThatAreNotAJwkSetAreRefused() {
        assertThatThrownBy(() -> trusted(issuer(null, "[" + PUBLIC_KEY + "]", null, List.of("ES384"))))
                .hasMessageStartingWith(
                        "crd.auth.trusted-issuers: issuer 'https://ehr.example.org' has a jwks that is not a JWK Set");
    }

    @Test
    void pinnedPrivateKeyIsRefused() {
        assertThatThrownBy(() -> trusted(issuer(null, new JWKSet(KEY).toString(false), null, List.of("ES384"))))
                .hasMessage(
                        "crd.auth.trusted-issuers: issuer 'https://ehr.example.org' has a jwks holding a private key "
                                + "(kid 'pinned-1'): pin the public key only");
    }

    @Test
    void unreadableJwksFileIsRefused() {
        assertThatThrownBy(() -> trusted(issuer(null, null, "/nonexistent/ehr-jwks.json", List.of("ES384"))))
                .hasMessageStartingWith("crd.auth.trusted-issuers: issuer 'https://ehr.example.org' has a jwks-file "
                        + "'/nonexistent/ehr-jwks.json' that cannot be read");
    }

    @Test
    void bareJwkArrayOptionWithPinnedKeysIsRefused() {
        TrustedIssuer issuer =
                new TrustedIssuer("https://ehr.example.org", null, PINNED, null, List.of("ES384"), null, true);

        assertThatThrownBy(() -> trusted(issuer))
                .hasMessageContaining("sets accept-bare-jwk-array, which applies to a jwks-url only");
    }

    @Test
    void perIssuerOptionsBindAndDefaultToOff() {
        Auth auth = Verifiers.auth(Map.of(
                "trusted-issuers[0].issuer",
                "https://a.example",
                "trusted-issuers[0].jwks-url",
                "https://a.example/keys",
                "trusted-issuers[0].max-token-lifetime",
                "24h",
                "trusted-issuers[0].accept-bare-jwk-array",
                "true",
                "trusted-issuers[1].issuer",
                "https://b.example",
                "trusted-issuers[1].jwks-file",
                "/etc/crd/b.json"));

        assertThat(auth.trustedIssuers().get(0).maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(auth.trustedIssuers().get(0).acceptBareJwkArray()).isTrue();
        assertThat(auth.trustedIssuers().get(1).maxTokenLifetime())
                .as("unset: the global one applies")
                .isNull();
        assertThat(auth.trustedIssuers().get(1).acceptBareJwkArray()).isFalse();
        assertThat(auth.trustedIssuers().get(1).jwksFile()).isEqualTo("/etc/crd/b.json");
    }

    private static final ECKey KEY = AuthenticatedService.ecKey("pinned-1");
    private static final String PUBLIC_KEY = KEY.toPublicJWK().toJSONString();
    private static final String PINNED = "{\"keys\": [" + PUBLIC_KEY + "]}";

    private static TrustedIssuers trusted(TrustedIssuer issuer) {
        return new TrustedIssuers(auth(true, List.of(issuer)), Clock.systemUTC());
    }

    private static TrustedIssuer issuer(String jwksUrl, String jwks, String jwksFile, List<String> algorithms) {
        return new TrustedIssuer("https://ehr.example.org", jwksUrl, jwks, jwksFile, algorithms, null, false);
    }

    private static Auth auth(boolean required, List<TrustedIssuer> issuers) {
        return new Auth(required, null, false, issuers, Duration.ofSeconds(30), Duration.ofMinutes(5), null);
    }
}
