package org.payercrd.security;

import static io.restassured.RestAssured.given;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.payercrd.RunningService;
import org.payercrd.ServiceOnRandomPort;
import org.payercrd.TestDatabases;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests of the service with {@code crd.auth.required=true}: one application context for all of them,
 * trusting two EHRs whose JWK Sets a real local HTTP server publishes. Keys are generated per test run.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=" + TestDatabases.SERVICE_H2_URL,
            "crd.policies.validate=false",
            "crd.auth.required=true",
            "crd.auth.public-base-url=" + AuthenticatedService.PUBLIC_BASE_URL
        })
@AutoConfigureObservability(tracing = false)
abstract class AuthenticatedService extends ServiceOnRandomPort {

    static final String PUBLIC_BASE_URL = "https://crd.payer.example";
    static final String EHR = "https://ehr.example.org";
    static final String LEGACY_EHR = "https://legacy-ehr.example.org";
    static final String EHR_JWKS = "/ehr/jwks.json";
    static final String LEGACY_JWKS = "/legacy-ehr/jwks.json";
    static final String ORDER_SIGN = "crd-order-sign";
    /** The docker-compose demo EHR (demo/ehr/), trusted here too so that its tokens are checked by the service. */
    static final String DEMO_EHR = "http://demo-ehr";

    static final String DEMO_EHR_JWKS = "/demo-ehr/jwks.json";

    static final JwksServer JWKS = new JwksServer();
    static final ECKey EHR_EC = ecKey("ehr-ec-1");
    static final RSAKey EHR_RSA = rsaKey("ehr-rsa-1");
    static final RSAKey LEGACY_RSA = rsaKey("legacy-rsa-1");

    static {
        JWKS.publish(EHR_JWKS, List.of(EHR_EC, EHR_RSA));
        JWKS.publish(LEGACY_JWKS, List.of(LEGACY_RSA));
        JWKS.publish(DEMO_EHR_JWKS, demoEhrKeys());
    }

    /** All in one place: Spring Boot binds a list from the one property source that holds it. */
    @DynamicPropertySource
    static void trustedIssuers(DynamicPropertyRegistry registry) {
        registry.add("crd.auth.trusted-issuers[0].issuer", () -> EHR);
        registry.add("crd.auth.trusted-issuers[0].jwks-url", () -> JWKS.url(EHR_JWKS));
        registry.add("crd.auth.trusted-issuers[1].issuer", () -> LEGACY_EHR);
        registry.add("crd.auth.trusted-issuers[1].jwks-url", () -> JWKS.url(LEGACY_JWKS));
        registry.add("crd.auth.trusted-issuers[1].algorithms", () -> "RS256");
        registry.add("crd.auth.trusted-issuers[2].issuer", () -> DEMO_EHR);
        registry.add("crd.auth.trusted-issuers[2].jwks-url", () -> JWKS.url(DEMO_EHR_JWKS));
    }

    private static List<JWK> demoEhrKeys() {
        try {
            return JWKSet.load(new File("demo/ehr/public/.well-known/jwks.json"))
                    .getKeys();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("Cannot read the demo EHR's JWK Set", e);
        }
    }

    /** The claims of a good token from the EHR for a call to {@code path}; tests spoil one thing at a time. */
    static JWTClaimsSet.Builder claims(String path) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(EHR)
                .audience(PUBLIC_BASE_URL + path)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .jwtID(UUID.randomUUID().toString())
                .claim("tenant", "clinic-42");
    }

    static String signed(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        return signed(key, algorithm, claims, header -> header);
    }

    static String signed(
            JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(
                    header.apply(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()))
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good ES384 token from the EHR for a call to {@code path}. */
    static String validToken(String path) {
        return signed(EHR_EC, JWSAlgorithm.ES384, claims(path).build());
    }

    static RequestSpecification withToken(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    static String orderSign() {
        return RunningService.fixture("requests/order-sign-ire-0600T.json");
    }

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification json(RequestSpecification request, String body) {
        return request.contentType(ContentType.JSON).body(body);
    }
}
