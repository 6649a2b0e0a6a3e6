package org.payercrd.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Feedback and the assertion lookup are protected like the service calls, and the audit names the caller. */
class ProtectedRecordsTest extends AuthenticatedService {

    @Test
    void feedbackWithoutTokenIsRefused() {
        json(given(), "{\"feedback\": []}")
                .when()
                .post("/cds-services/" + ORDER_SIGN + "/feedback")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void feedbackWithATokenForTheFeedbackEndpointIsHeard() {
        String path = "/cds-services/" + ORDER_SIGN + "/feedback";
        String feedback = """
                {"feedback": [{"card": "%s", "outcome": "accepted", "outcomeTimestamp": "2026-11-25T14:31:00Z"}]}""".formatted(UUID.randomUUID());

        json(withToken(validToken(path)), feedback)
                .when()
                .post(path)
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void assertionLookupWithoutTokenIsRefused() {
        given().when().get("/api/assertions/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void assertionRecordNamesTheEhrThatAsked() {
        String callPath = "/cds-services/" + ORDER_SIGN;
        JsonPath response = json(withToken(validToken(callPath)), orderSign())
                .when()
                .post(callPath)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String assertionId = response.getString("systemActions[0].resource.extension[0].extension"
                + ".find { it.url == 'coverage-assertion-id' }.valueString");
        String lookupPath = "/api/assertions/" + assertionId;

        withToken(validToken(lookupPath))
                .when()
                .get(lookupPath)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId))
                .body("callerIssuer", equalTo(EHR))
                .body("callerTenant", equalTo("clinic-42"));
    }
}
