package org.payercrd.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A second policy is a second folder of FHIR resources: pointing the service at one more location is all it
 * takes, and both policies answer side by side.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "crd.policies.locations=classpath:fhir-resources/,classpath:test-policies/")
class SecondPolicyTest {

    @LocalServerPort
    int port;

    @BeforeEach
    void pointRestAssuredAtTheService() {
        RestAssured.port = port;
    }

    @Test
    void theSecondPolicyAssertsCoverageForItsOwnOrders() {
        given().contentType("application/json")
                .body(RunningService.fixture("requests/order-sign-home-sleep-test.json"))
                .post("/cds-services/crd-order-sign")
                .then()
                .statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].source.label", equalTo("Example Health Plan"))
                .body("systemActions", hasSize(1))
                .body(
                        "systemActions[0].resource.extension[0].extension.find { it.url == 'covered' }.valueCode",
                        equalTo("covered"));
    }

    @Test
    void theFirstPolicyStillAnswersForIre() {
        given().contentType("application/json")
                .body(RunningService.fixture("requests/order-sign-ire-0600T.json"))
                .post("/cds-services/crd-order-sign")
                .then()
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.source.label", hasItem("Premera Blue Cross"));
    }
}
