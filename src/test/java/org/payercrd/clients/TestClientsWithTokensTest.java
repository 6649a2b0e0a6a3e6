package org.payercrd.clients;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.ServiceOnRandomPort;
import org.payercrd.TestDatabases;
import org.payercrd.security.JwksServer;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The JWT variants of both clients' captured calls, against the service configured with the README's "Trusting the
 * common test clients" block as it stands: the sandbox's key pinned (its {@code jku} is on the internet and never
 * fetched), the generator's keys as a bare array from its page. Only the generator's key URL is moved, to a local
 * server standing in for its page (the README's {@code 127.0.0.1:3000} does not run here). Tokens are shaped exactly as
 * captured, audiences included: the README's {@code public-base-url} is the URL the clients were given.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=" + TestDatabases.SERVICE_H2_URL, "crd.policies.validate=false"})
@AutoConfigureObservability(tracing = false)
class TestClientsWithTokensTest extends ServiceOnRandomPort {

    private static final String GENERATOR_JWKS_URL = "http://127.0.0.1:3000/public_keys";
    private static final JwksServer GENERATOR_PAGE = new JwksServer();
    private static final JsonNode GENERATOR_CLAIMS =
            TestClients.captured("crd-request-generator/order-sign-0600T.jwt-claims.json");
    /** A new key each time the generator's page loads; it signs with the kid it just published. */
    private static final RSAKey GENERATOR_KEY =
            rsaKey(GENERATOR_CLAIMS.at("/header/kid").asText());

    private static final String GENERATOR_KEYS =
            GENERATOR_PAGE.publishBareArray("/public_keys", List.<JWK>of(GENERATOR_KEY));

    @DynamicPropertySource
    static void readmeTrust(DynamicPropertyRegistry registry) {
        boolean generatorMoved = false;
        for (PropertySource<?> source : TestClients.readmeConfiguration()) {
            EnumerablePropertySource<?> yaml = (EnumerablePropertySource<?>) source;
            for (String name : yaml.getPropertyNames()) {
                String value = String.valueOf(yaml.getProperty(name));
                if (value.equals(GENERATOR_JWKS_URL)) {
                    value = GENERATOR_KEYS;
                    generatorMoved = true;
                }
                String finalValue = value;
                registry.add(name, () -> finalValue);
            }
        }
        if (!generatorMoved) {
            throw new IllegalStateException(
                    "The README no longer configures the generator's key URL " + GENERATOR_JWKS_URL);
        }
    }

    @Test
    void authIsReallyOnACallWithoutATokenIsRefused() {
        given().contentType(ContentType.JSON)
                .body(RunningService.fixture("clients/crd-request-generator/order-sign-0600T.json"))
                .post("/cds-services/crd-order-sign")
                .then()
                .statusCode(401);
    }

    @Test
    void generator0600TWithItsDayLongRs256TokenGetsItsCardsAndTheNotCoveredAssertion() {
        call(
                        "/cds-services/crd-order-sign",
                        TestClients.tokenLike(GENERATOR_CLAIMS, GENERATOR_KEY, URI.create(GENERATOR_KEYS)),
                        RunningService.fixture("clients/crd-request-generator/order-sign-0600T.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("pancreatic"))
                .body(
                        "systemActions[0].resource.extension[0].extension.find { it.url == 'coverage' }.valueReference.reference",
                        equalTo("Coverage/cov-ire-1"));
    }

    @Test
    void sandbox0600TWithItsPinnedEs384TokenGetsThePancreaticCancerCardAndItsFeedbackIsStored() {
        String card = call(
                        "/cds-services/crd-order-select",
                        sandboxToken("cds-hooks-sandbox/order-select.jwt-claims.json"),
                        RunningService.fixture("clients/cds-hooks-sandbox/pama-0600T-order-select.json"))
                .statusCode(200)
                .body("cards.summary", hasItem(containsString("pancreatic")))
                .extract()
                .path("cards.find { it.summary.contains('pancreatic') }.uuid");

        call(
                        "/cds-services/crd-order-select/feedback",
                        sandboxToken("cds-hooks-sandbox/pama-ire-feedback.jwt-claims.json"),
                        RunningService.fixture("clients/cds-hooks-sandbox/pama-ire-feedback.json")
                                .replace(CdsHooksSandboxTest.CAPTURED_CARD, card))
                .statusCode(200);
    }

    @Test
    void sandboxRxSignWithItsTokenIsAnsweredWithNothing() {
        call(
                        "/cds-services/crd-order-sign",
                        sandboxToken("cds-hooks-sandbox/rx-sign-order-sign.jwt-claims.json"),
                        RunningService.fixture("clients/cds-hooks-sandbox/rx-sign-order-sign.json"))
                .statusCode(200)
                .body("cards", hasSize(0));
    }

    private static String sandboxToken(String claims) {
        return TestClients.tokenLike(TestClients.captured(claims), TestClients.sandboxKey());
    }

    private static ValidatableResponse call(String path, String token, String body) {
        return given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then();
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
