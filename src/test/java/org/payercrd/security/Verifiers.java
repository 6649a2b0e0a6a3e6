package org.payercrd.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.payercrd.CrdProperties.Auth;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * The token verifier exactly as the service builds it from {@code crd.auth.*}, without the rest of the service: for
 * the tests of how keys are found and what a refusal says, which need a fresh verifier (a fresh key cache) each.
 */
final class Verifiers {

    private Verifiers() {}

    /** {@code crd.auth} bound from {@code properties} (keys relative to {@code crd.auth.}), as Spring Boot binds it. */
    static Auth auth(Map<String, String> properties) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        properties.forEach((key, value) -> source.put("crd.auth." + key, value));
        source.put("crd.auth.required", "true");
        return new Binder(source).bind("crd.auth", Auth.class).get();
    }

    /** A verifier started as the service starts it: keys fetched once before the first call. */
    static EhrTokenVerifier started(Map<String, String> properties) {
        return started(properties, Clock.systemUTC());
    }

    static EhrTokenVerifier started(Map<String, String> properties, Clock clock) {
        TrustedIssuers issuers = new TrustedIssuers(auth(properties), clock);
        issuers.fetchKeys();
        return new EhrTokenVerifier(issuers, new JtiReplayCache(clock), Duration.ofSeconds(30));
    }

    /** The reason the verifier gives for refusing {@code token}, as the 401 carries it; fails if it is accepted. */
    static String refusal(EhrTokenVerifier verifier, String token, String audience) {
        try {
            verifier.verify(token, audience);
        } catch (InvalidBearerTokenException refused) {
            return refused.getError().getDescription();
        }
        throw new AssertionError("the token was accepted");
    }

    /** A token whose claims are exactly {@code claimsJson} (so that a claim can be absent or JSON null), signed with {@code key}. */
    static String signedJson(
            JWK key, JWSAlgorithm algorithm, String claimsJson, UnaryOperator<JWSHeader.Builder> header) {
        try {
            JWSObject jws = new JWSObject(
                    header.apply(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()))
                            .build(),
                    new Payload(claimsJson));
            jws.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
