package org.payercrd.clients;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * What a user of the cds-hooks-sandbox (the CDS Hooks reference test client) must see, from the requests it really
 * sent ({@code clients/cds-hooks-sandbox/}). It reads our discovery, so its prefetch comes under our keys; it calls
 * order-select as soon as a screen opens, before anything is chosen, and posts feedback when a card is overridden.
 */
class CdsHooksSandboxTest extends RunningService {

    static final String DIR = "clients/cds-hooks-sandbox/";
    /** The card the captured feedback is about: issued by the instance the sandbox talked to, not by this one. */
    static final String CAPTURED_CARD = "418e0853-d54b-45ae-b7b4-ccd1490ae157";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmptySelectionWhenAScreenOpensGetsExactlyNoCardsAndNoActions() throws Exception {
        String body = orderSelect(fixture(DIR + "pama-empty-selection-order-select.json"))
                .statusCode(200)
                .extract()
                .asString();

        org.assertj.core.api.Assertions.assertThat(JSON.readTree(body))
                .isEqualTo(JSON.readTree("{\"cards\": [], \"systemActions\": []}"));
    }

    @Test
    void ire0600TForTheSnomedPancreaticCancerReasonGetsTheInvestigationalCard() {
        orderSelect(fixture(DIR + "pama-0600T-order-select.json"))
                .statusCode(200)
                .body("cards", hasSize(3))
                .body(
                        "cards.find { it.summary.contains('investigational') }.summary",
                        containsString("pancreatic cancer"))
                .body("cards.find { it.summary.contains('investigational') }.summary", containsString("0600T"))
                .body("cards.summary", hasItem(containsString("Cardiac pacemaker")))
                .body("cards.summary", hasItem(containsString("IRE not covered: discuss with the patient")))
                .body("cards.detail", everyItem(not(containsString("**Not checked:**"))))
                .body("systemActions", hasSize(1));
    }

    @Test
    void aMedicationOrderFromItsRxSignScreenGetsNothing() {
        callService("crd-order-sign", fixture(DIR + "rx-sign-order-sign.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", empty());
    }

    @Test
    void aCtOfTheAbdomenGetsNothing() {
        orderSelect(fixture(DIR + "pama-ct-74177-order-select.json"))
                .statusCode(200)
                .body("cards", empty());
    }

    @Test
    void itsOverrideFeedbackOnACardThisServiceJustIssuedIsStored() {
        String issued = orderSelect(fixture(DIR + "pama-0600T-order-select.json"))
                .statusCode(200)
                .extract()
                .path("cards.find { it.summary.contains('investigational') }.uuid");

        feedback(fixture(DIR + "pama-ire-feedback.json").replace(CAPTURED_CARD, issued))
                .statusCode(200);
    }

    @Test
    void itsFeedbackAsCapturedIsNotFoundSinceThisInstanceNeverIssuedThatCard() {
        feedback(fixture(DIR + "pama-ire-feedback.json"))
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("Unknown card"));
    }

    private static ValidatableResponse orderSelect(String body) {
        return callService("crd-order-select", body);
    }

    private static ValidatableResponse feedback(String body) {
        return callService("crd-order-select/feedback", body);
    }
}
