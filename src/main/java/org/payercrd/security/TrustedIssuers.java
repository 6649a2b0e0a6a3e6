package org.payercrd.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.payercrd.CrdProperties.Auth;
import org.payercrd.CrdProperties.TrustedIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The EHRs allowed to call, each with a decoder built at start-up that verifies its tokens with the keys of its
 * registered JWK Set only. The JWK Set is fetched over HTTP(S), cached for five minutes and fetched again when a
 * token names a key id the cached set lacks (an EHR rotating keys), at most once per 30 s so that tokens with
 * made-up key ids cannot turn the service into a load generator against the EHR.
 */
class TrustedIssuers {

    private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

    private static final int FETCH_TIMEOUT_MILLIS = 2_000;
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    private static final Duration JWKS_TTL = Duration.ofMinutes(5);
    private static final Duration JWKS_REFRESH_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

    /** One trusted EHR, ready to verify its tokens. */
    record Issuer(String issuer, String jwksUrl, Set<JWSAlgorithm> algorithms, JwtDecoder decoder,
            JWKSource<SecurityContext> keys) {
    }

    private final Map<String, Issuer> byIssuer = new LinkedHashMap<>();

    TrustedIssuers(Auth auth, Clock clock) {
        for (TrustedIssuer trusted : auth.trustedIssuers()) {
            Set<JWSAlgorithm> algorithms = algorithms(trusted);
            JWKSource<SecurityContext> keys = JWKSourceBuilder
                    .create(url(trusted), new DefaultResourceRetriever(FETCH_TIMEOUT_MILLIS, FETCH_TIMEOUT_MILLIS, MAX_JWKS_BYTES))
                    .cache(JWKS_TTL.toMillis(), JWKS_REFRESH_TIMEOUT.toMillis())
                    .rateLimited(MIN_REFETCH_INTERVAL.toMillis())
                    .build();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            // CDS Hooks does not require a typ header; the claims are checked by TokenClaimsValidator instead.
            processor.setJWSTypeVerifier((header, context) -> { });
            processor.setJWTClaimsSetVerifier((claims, context) -> { });
            NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
            decoder.setJwtValidator(new TokenClaimsValidator(trusted.issuer(), auth.clockSkew(), auth.maxTokenLifetime(), clock));
            if (byIssuer.putIfAbsent(trusted.issuer(), new Issuer(trusted.issuer(), trusted.jwksUrl(), algorithms, decoder, keys)) != null) {
                throw new IllegalStateException("crd.auth.trusted-issuers: issuer '" + trusted.issuer() + "' is listed twice");
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
                int count = issuer.keys().get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
                log.info("Trusted issuer {}: {} key(s) from {}", issuer.issuer(), count, issuer.jwksUrl());
            } catch (KeySourceException e) {
                log.warn("Trusted issuer {}: cannot fetch its JWK Set from {} yet: {}", issuer.issuer(), issuer.jwksUrl(), e.getMessage());
            }
        }
    }

    /** HMAC and {@code none} are refused whatever the configuration says: an EHR's token must be verifiable with its public key. */
    private static Set<JWSAlgorithm> algorithms(TrustedIssuer trusted) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : trusted.algorithms()) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
                throw new IllegalStateException("crd.auth.trusted-issuers: issuer '" + trusted.issuer()
                        + "' lists algorithm '" + name + "'; only RSA and EC signature algorithms (RS384, ES384, RS256...) are accepted");
            }
            algorithms.add(algorithm);
        }
        return Set.copyOf(algorithms);
    }

    private static URL url(TrustedIssuer trusted) {
        try {
            return URI.create(trusted.jwksUrl()).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("crd.auth.trusted-issuers: issuer '" + trusted.issuer()
                    + "' has an invalid jwks-url: " + e.getMessage(), e);
        }
    }
}
