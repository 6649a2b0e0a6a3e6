package org.payercrd.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.fhir.EhrFhirServer;

/**
 * What a user of the Da Vinci CRD request generator must see, from the requests it really sent
 * ({@code clients/crd-request-generator/}). It never reads our discovery, so its prefetch comes under its own keys
 * ({@code coverageBundle}, {@code serviceRequestBundle}, Bundles of type collection with the Patient
 * {@code _include}d), and its access token is empty. The Patient and Coverage it sent must count as checked; only
 * the conditions and the implanted devices, which it did not send, are missing.
 */
class CrdRequestGeneratorTest extends RunningService {

    private static final String TOKEN = "generator-ehr-token-41c2";
    private static final String NOT_CHECKED_CONDITIONS_AND_DEVICES = "**Not checked:** this advice was given without"
            + " the patient's active conditions and the patient's implanted devices, which could not be read from the"
            + " EHR.";
    private static final String COVERAGE_OF_ACTION =
            "systemActions[0].resource.extension[0].extension.find { it.url == 'coverage' }.valueReference.reference";
    private static final String COVERED_OF_ACTION =
            "systemActions[0].resource.extension[0].extension.find { it.url == 'covered' }.valueCode";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EhrFhirServer ehr;

    @BeforeAll
    static void startEhrFhirServer() {
        ehr = EhrFhirServer.start(TOKEN).holding("ehr-server/Patient-pat-1.json", "ehr-server/Coverage-cov-ehr-1.json");
    }

    @AfterAll
    static void stopEhrFhirServer() {
        ehr.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        ehr.reset();
    }

    @Test
    void ire0600TForPancreaticCancerGetsTheInvestigationalAndInstructionsCardsNotingOnlyConditionsAndDevices() {
        orderSign(fixture("clients/crd-request-generator/order-sign-0600T.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("investigational"))
                .body("cards[0].summary", containsString("pancreatic"))
                .body("cards[1].summary", containsString("IRE not covered: discuss with the patient"))
                .body("cards.detail", everyItem(endsWith(NOT_CHECKED_CONDITIONS_AND_DEVICES)))
                .body("cards.detail", everyItem(not(containsString("the patient's record"))))
                .body("cards.detail", everyItem(not(containsString("coverage (payer and plan)"))));
    }

    @Test
    void ire0600TIsAssertedNotCoveredOnTheCoverageTheGeneratorSentInItsOwnBundle() {
        orderSign(fixture("clients/crd-request-generator/order-sign-0600T.json"))
                .statusCode(200)
                .body("systemActions", hasSize(1))
                .body("systemActions[0].resource.id", equalTo("sr-ire-0600T"))
                .body(COVERAGE_OF_ACTION, equalTo("Coverage/cov-ire-1"))
                .body(COVERED_OF_ACTION, equalTo("not-covered"));
    }

    @Test
    void ire0601TOpenGetsTheSameAnswer() {
        orderSign(fixture("clients/crd-request-generator/order-sign-0601T.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("investigational"))
                .body("cards[0].summary", containsString("0601T"))
                .body("cards.detail", everyItem(endsWith(NOT_CHECKED_CONDITIONS_AND_DEVICES)))
                .body(COVERAGE_OF_ACTION, equalTo("Coverage/cov-ire-1"))
                .body(COVERED_OF_ACTION, equalTo("not-covered"));
    }

    @Test
    void aCtOfTheAbdomenIsNotThePayersConcernAndGetsNoCard() {
        orderSign(fixture("clients/crd-request-generator/order-sign-ct-74177.json"))
                .statusCode(200)
                .body("cards", empty());
    }

    @Test
    void givenATokenOnlyWhatTheGeneratorDidNotSendIsReadFromTheEhr() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(fixture("clients/crd-request-generator/order-sign-0600T.json"));
        request.put("fhirServer", ehr.baseUrl());
        ((ObjectNode) request.get("fhirAuthorization")).put("access_token", TOKEN);

        orderSign(request.toString())
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.detail", everyItem(not(containsString("**Not checked:**"))))
                .body(COVERAGE_OF_ACTION, equalTo("Coverage/cov-ire-1"));

        assertThat(ehr.requests())
                .extracting(EhrFhirServer.SeenRequest::pathAndQuery)
                .containsExactlyInAnyOrder(
                        "Condition?patient=pat-ire-1&clinical-status=active", "Device?patient=pat-ire-1");
    }

    private static ValidatableResponse orderSign(String body) {
        return callService("crd-order-sign", body);
    }
}
