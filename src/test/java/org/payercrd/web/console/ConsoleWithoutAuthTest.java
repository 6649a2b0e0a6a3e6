package org.payercrd.web.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** With auth off (the local run) and {@code crd.console.enabled} unset, the console and the policies are served. */
class ConsoleWithoutAuthTest extends RunningService {

    @Test
    void rootRedirectsToTheConsole() {
        given().redirects()
                .follow(false)
                .when()
                .get("/")
                .then()
                .statusCode(302)
                .header("Location", endsWith("/console/"));
    }

    @Test
    void theConsolePagesAreServedUnderTheContentSecurityPolicy() {
        given().when()
                .get("/console/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo(ConsoleConfiguration.CONTENT_SECURITY_POLICY))
                .body(containsString("console.js"));
        given().when()
                .get("/console/policies.html")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", equalTo(ConsoleConfiguration.CONTENT_SECURITY_POLICY));
    }

    @Test
    void thePoliciesNeedNoToken() {
        given().when()
                .get("/api/policies")
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem("ire-nanoknife"));
    }
}
