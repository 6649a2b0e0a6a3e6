package org.payercrd.lifecycle;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.payercrd.RunningService;

/** What the reload tests ask the running service: an IRE order-sign, the version it was assessed under, metrics. */
final class ServedPolicy {

    static final Duration WITHIN = Duration.ofSeconds(90);
    static final String LOADED = "crd_policies_reloads_total{outcome=\"loaded\"}";
    static final String REFUSED = "crd_policies_reloads_total{outcome=\"refused\"}";
    static final String NEXT_STEPS = "IRE not covered: discuss with the patient, or request a plan exception";
    static final String ASSERTION_ID = "systemActions[0].resource.extension[0].extension"
            + ".find { it.url == 'coverage-assertion-id' }.valueString";

    private ServedPolicy() {}

    /** The CPT 0600T order-sign fixture, with a hookInstance of its own. */
    static JsonPath orderSign() {
        String body = RunningService.fixture("requests/order-sign-ire-0600T.json")
                .replace(
                        "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
                        UUID.randomUUID().toString());
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/cds-services/crd-order-sign")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static List<String> summaries(JsonPath answer) {
        return answer.getList("cards.summary", String.class);
    }

    /** The policy version the stored assertion of this answer names, as claims adjudication reads it. */
    static String policyVersionOf(JsonPath answer) {
        String assertionId = answer.getString(ASSERTION_ID);
        assertThat(assertionId).isNotNull();
        return get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("orders[0].policyVersion");
    }

    /** The {@code policies} health details; a refused reload leaves the service UP on the version it had. */
    static JsonPath healthDetails() {
        String health = get("/actuator/health/readiness")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(JsonPath.from(health).getString("components.policies.status"))
                .isEqualTo("UP");
        return JsonPath.from(health).setRootPath("components.policies.details");
    }

    /** One Prometheus series' value, e.g. {@link #LOADED}. */
    static double sample(String series) {
        String scrape =
                get("/actuator/prometheus").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        assertThat(m.find()).as(series + " is exported before any reload").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
