package org.payercrd.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.TrustedIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The EHRs allowed to call, each with a decoder built at start-up that verifies its tokens with its keys only: the
 * JWK Set at its {@code jwks-url} ({@link IssuerKeys} says how it is cached and fetched again), or keys pinned in the
 * configuration ({@code jwks} inline, {@code jwks-file}), which are never fetched. A configuration that is ambiguous
 * about where an issuer's keys come from stops the service at start-up.
 */
class TrustedIssuers {

    private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

    /**
     * One trusted EHR, ready to verify its tokens.
     *
     * @param jwksUrl the URL its keys are fetched from, which a token's {@code jku} must name; null when pinned
     */
    record Issuer(String issuer, String jwksUrl, Set<JWSAlgorithm> algorithms, JwtDecoder decoder, IssuerKeys keys) {

        boolean pinned() {
            return jwksUrl == null;
        }
    }

    private final Map<String, Issuer> byIssuer = new LinkedHashMap<>();

    TrustedIssuers(Auth auth, Clock clock) {
        for (TrustedIssuer trusted : auth.trustedIssuers()) {
            Set<JWSAlgorithm> algorithms = algorithms(trusted);
            IssuerKeys keys = keys(trusted, clock);
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            // CDS Hooks does not require a typ header; the claims are checked by TokenClaimsValidator instead.
            processor.setJWSTypeVerifier((header, context) -> {});
            processor.setJWTClaimsSetVerifier((claims, context) -> {});
            NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
            decoder.setClaimSetConverter(TrustedIssuers::claimsAsSent);
            Duration maxLifetime =
                    trusted.maxTokenLifetime() != null ? trusted.maxTokenLifetime() : auth.maxTokenLifetime();
            decoder.setJwtValidator(new TokenClaimsValidator(trusted.issuer(), auth.clockSkew(), maxLifetime, clock));
            String jwksUrl = blank(trusted.jwksUrl()) ? null : trusted.jwksUrl();
            if (byIssuer.putIfAbsent(trusted.issuer(), new Issuer(trusted.issuer(), jwksUrl, algorithms, decoder, keys))
                    != null) {
                throw new IllegalStateException(
                        "crd.auth.trusted-issuers: issuer '" + trusted.issuer() + "' is listed twice");
            }
        }
    }

    Optional<Issuer> find(String issuer) {
        return Optional.ofNullable(issuer == null ? null : byIssuer.get(issuer));
    }

    /** Fetches every issuer's keys once before the first call needs them; an issuer that does not answer is retried on its first call. */
    void fetchKeys() {
        for (Issuer issuer : byIssuer.values()) {
            try {
                int count = issuer.keys().prefetch();
                log.info(
                        "Trusted issuer {}: {} {} {}",
                        issuer.issuer(),
                        count,
                        count == 1 ? "key" : "keys",
                        issuer.keys().origin());
            } catch (KeySourceException e) {
                log.warn(
                        "Trusted issuer {}: no keys yet ({}); they are fetched again on its first call",
                        issuer.issuer(),
                        e.getMessage());
            }
        }
    }

    /**
     * The claims Spring Security converts, except that an absent {@code iat} stays absent: Spring fills it with
     * {@code exp - 1 s}, which would let a token without {@code iat} pass as one issued a second before it expires.
     */
    private static Map<String, Object> claimsAsSent(Map<String, Object> claims) {
        Map<String, Object> converted =
                MappedJwtClaimSetConverter.withDefaults(Collections.emptyMap()).convert(claims);
        if (claims.get("iat") == null) {
            converted.remove("iat");
        }
        return converted;
    }

    private static IssuerKeys keys(TrustedIssuer trusted, Clock clock) {
        List<String> sources = new ArrayList<>();
        if (!blank(trusted.jwksUrl())) {
            sources.add("jwks-url");
        }
        if (!blank(trusted.jwks())) {
            sources.add("jwks");
        }
        if (!blank(trusted.jwksFile())) {
            sources.add("jwks-file");
        }
        if (sources.size() != 1) {
            throw refused(
                    trusted,
                    "needs exactly one key source (jwks-url, jwks or jwks-file); it has "
                            + (sources.isEmpty() ? "none" : String.join(" and ", sources)));
        }
        if (trusted.acceptBareJwkArray() && !"jwks-url".equals(sources.get(0))) {
            throw refused(
                    trusted,
                    "sets accept-bare-jwk-array, which applies to a jwks-url only; pinned keys must be a JWK Set");
        }
        return switch (sources.get(0)) {
            case "jwks-url" -> IssuerKeys.fetched(url(trusted), trusted.acceptBareJwkArray(), clock);
            case "jwks" -> IssuerKeys.pinned(pinned(trusted, trusted.jwks(), "jwks"), "pinned in its jwks setting");
            default ->
                IssuerKeys.pinned(
                        pinned(trusted, readFile(trusted), "jwks-file '" + trusted.jwksFile() + "'"),
                        "pinned in its jwks-file " + trusted.jwksFile());
        };
    }

    private static String readFile(TrustedIssuer trusted) {
        try {
            return Files.readString(Path.of(trusted.jwksFile()));
        } catch (IOException | RuntimeException e) {
            throw refused(trusted, "has a jwks-file '" + trusted.jwksFile() + "' that cannot be read: " + e);
        }
    }

    /** Pinned keys are a JWK Set of public keys: a private key in the configuration is a secret in the wrong place. */
    private static JWKSet pinned(TrustedIssuer trusted, String json, String where) {
        JWKSet keys;
        try {
            keys = JWKSet.parse(json);
        } catch (ParseException e) {
            throw refused(trusted, "has a " + where + " that is not a JWK Set ({\"keys\": [...]}): " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw refused(trusted, "has a " + where + " without keys");
        }
        for (JWK key : keys.getKeys()) {
            if (key.isPrivate()) {
                throw refused(
                        trusted,
                        "has a " + where + " holding a private key (kid '" + key.getKeyID()
                                + "'): pin the public key only");
            }
        }
        return keys;
    }

    /** HMAC and {@code none} are refused whatever the configuration says: an EHR's token must be verifiable with its public key. */
    private static Set<JWSAlgorithm> algorithms(TrustedIssuer trusted) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : trusted.algorithms()) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
                throw refused(
                        trusted,
                        "lists algorithm '" + name
                                + "'; only RSA and EC signature algorithms (RS384, ES384, RS256...) are accepted");
            }
            algorithms.add(algorithm);
        }
        return Set.copyOf(algorithms);
    }

    private static URL url(TrustedIssuer trusted) {
        try {
            return URI.create(trusted.jwksUrl()).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw refused(trusted, "has an invalid jwks-url: " + e.getMessage());
        }
    }

    private static IllegalStateException refused(TrustedIssuer trusted, String problem) {
        return new IllegalStateException("crd.auth.trusted-issuers: issuer '" + trusted.issuer() + "' " + problem);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
