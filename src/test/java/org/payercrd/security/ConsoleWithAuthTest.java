package org.payercrd.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code crd.auth.required=true} and {@code crd.console.enabled} unset, the console is not served, even to a
 * caller with a good token, and {@code /api/policies} needs a token like the other {@code /api} endpoints.
 */
class ConsoleWithAuthTest extends AuthenticatedService {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/console/",
                "/console/index.html",
                "/console/policies.html",
                "/console/console.js",
                "/console/demo/Bundle-crd-demo-seed.json"
            })
    void theConsoleIsOffByDefault(String path) {
        given().redirects().follow(false).when().get(path).then().statusCode(401);
        withToken(validToken(path))
                .redirects()
                .follow(false)
                .when()
                .get(path)
                .then()
                .statusCode(404);
    }

    @Test
    void policiesWithoutTokenAreRefused() {
        given().when().get("/api/policies").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void policiesWithATokenForThePoliciesEndpointAreListed() throws IOException {
        String version = new ObjectMapper()
                .readTree(Path.of("fhir-resources", "ire-nanoknife", "Library-IreNanoKnifePolicy.json")
                        .toFile())
                .path("version")
                .asText();

        withToken(validToken("/api/policies"))
                .when()
                .get("/api/policies")
                .then()
                .statusCode(200)
                .body("find { it.id == 'ire-nanoknife' }.version", equalTo(version));
    }

    @Test
    void aTokenForAnotherEndpointDoesNotOpenThePolicies() {
        withToken(validToken("/api/assertions/x"))
                .when()
                .get("/api/policies")
                .then()
                .statusCode(401);
    }
}
