package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void requiredAuthenticationWithoutTrustedIssuersIsRefused() {
        Set<ConstraintViolation<Auth>> violations = VALIDATOR.validate(auth(true, List.of()));

        assertThat(violations).extracting(ConstraintViolation::getMessage)
                .containsExactly("crd.auth.required=true needs at least one crd.auth.trusted-issuers entry");
    }

    @Test
    void hmacAlgorithmForAnIssuerIsRefused() {
        Auth auth = auth(true, List.of(new TrustedIssuer("https://ehr.example.org", "https://ehr.example.org/jwks",
                List.of("RS384", "HS256"))));

        assertThatThrownBy(() -> new TrustedIssuers(auth, Clock.systemUTC()))
                .hasMessageContaining("lists algorithm 'HS256'");
    }

    @Test
    void issuerListedTwiceIsRefused() {
        TrustedIssuer issuer = new TrustedIssuer("https://ehr.example.org", "https://ehr.example.org/jwks", List.of("ES384"));

        assertThatThrownBy(() -> new TrustedIssuers(auth(true, List.of(issuer, issuer)), Clock.systemUTC()))
                .hasMessageContaining("is listed twice");
    }

    @Test
    void authIsConfigurableFromEnvironmentVariables() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "CRD_AUTH_REQUIRED", "true",
                "CRD_AUTH_PUBLICBASEURL", "https://crd.payer.example",
                "CRD_AUTH_TRUSTEDISSUERS_0_ISSUER", "https://ehr.example.org",
                "CRD_AUTH_TRUSTEDISSUERS_0_JWKSURL", "https://ehr.example.org/jwks",
                "CRD_AUTH_TRUSTEDISSUERS_0_ALGORITHMS", "RS256,ES384"));

        Auth auth = new Binder(ConfigurationPropertySources.from(environment)).bind("crd.auth", Auth.class).get();

        assertThat(auth.required()).isTrue();
        assertThat(auth.publicBaseUrl()).isEqualTo("https://crd.payer.example");
        assertThat(auth.trustedIssuers()).containsExactly(new TrustedIssuer("https://ehr.example.org",
                "https://ehr.example.org/jwks", List.of("RS256", "ES384")));
        assertThat(auth.maxTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    private static Auth auth(boolean required, List<TrustedIssuer> issuers) {
        return new Auth(required, null, false, issuers, Duration.ofSeconds(30), Duration.ofMinutes(5), null);
    }
}
