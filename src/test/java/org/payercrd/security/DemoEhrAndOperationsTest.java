package org.payercrd.security;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;

import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With authentication on, as docker-compose runs the service: the demo EHR's tokens (demo/ehr/token.sh) are
 * accepted, and what operators and integrators read without being an EHR stays readable.
 */
class DemoEhrAndOperationsTest extends AuthenticatedService {

    private static final String PATH = "/cds-services/" + ORDER_SIGN;

    @Test
    void tokenFromTheDemoEhrScriptIsAcceptedAndTheCallAnswered() throws Exception {
        String token = demoToken(PUBLIC_BASE_URL + PATH);

        json(withToken(token), orderSign())
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .body("cards.size()", greaterThan(0));
        json(withToken(token), orderSign()).when().post(PATH).then().statusCode(401);
    }

    @Test
    void readinessMetricsAndTheApiDescriptionNeedNoToken() {
        get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));
        get("/actuator/prometheus").then().statusCode(200);
        get("/v3/api-docs").then().statusCode(200).body("paths", hasKey(PATH.replace(ORDER_SIGN, "{serviceId}")));
        json(RestAssured.given(), orderSign()).when().post(PATH).then().statusCode(401);
    }

    private static String demoToken(String audience) throws Exception {
        Process process = new ProcessBuilder("bash", "demo/ehr/token.sh", audience)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
