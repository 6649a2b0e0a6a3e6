package org.payercrd.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.audit.AuditRepository;
import org.payercrd.audit.FeedbackRecord;
import org.springframework.beans.factory.annotation.Autowired;

class FeedbackTest extends RunningService {

    @Autowired
    AuditRepository audit;

    @Test
    void overrideOfAReturnedCardIsStoredWithTheCard() {
        String card = firstCardOfAnOrderSign();

        feedback("crd-order-sign", fixture("feedback/overridden.json").replace("CARD_UUID", card))
                .statusCode(200);

        assertThat(audit.feedbackOn(card)).singleElement().satisfies(stored -> {
            assertThat(stored.outcome()).isEqualTo("overridden");
            assertThat(stored.outcomeTimestamp()).hasToString("2026-11-25T14:30:00Z");
            assertThat(stored.overrideReason())
                    .containsEntry("userComment", "Patient enrolled in a clinical trial")
                    .containsEntry(
                            "reason",
                            Map.of(
                                    "system",
                                    "https://payercrd.org/fhir/CodeSystem/crd-override-reason",
                                    "code",
                                    "clinical-trial",
                                    "display",
                                    "Enrolled in a clinical trial"));
        });
    }

    @Test
    void acceptanceOfAReturnedCardIsStored() {
        String card = firstCardOfAnOrderSign();

        feedback("crd-order-sign", fixture("feedback/accepted.json").replace("CARD_UUID", card))
                .statusCode(200);

        assertThat(audit.feedbackOn(card)).extracting(FeedbackRecord::outcome).containsExactly("accepted");
    }

    @Test
    void feedbackOnACardThisServiceNeverReturnedIsNotFound() {
        feedback(
                        "crd-order-sign",
                        fixture("feedback/accepted.json")
                                .replace("CARD_UUID", UUID.randomUUID().toString()))
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("Unknown card"));
    }

    @Test
    void feedbackOnACardOfAnotherServiceIsNotFound() {
        String card = firstCardOfAnOrderSign();

        feedback("crd-order-select", fixture("feedback/accepted.json").replace("CARD_UUID", card))
                .statusCode(404);

        assertThat(audit.feedbackOn(card)).isEmpty();
    }

    @Test
    void feedbackOfTheWrongShapeIsRefusedWithEveryProblemListed() {
        feedback("crd-order-sign", fixture("feedback/malformed.json"))
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue", hasSize(4))
                .body("issue.diagnostics", hasItem("feedback[0].card is required (a string)"))
                .body("issue.diagnostics", hasItem("feedback[0].outcome must be accepted or overridden, not 'ignored'"))
                .body("issue.diagnostics", hasItem(containsString("feedback[0].outcomeTimestamp must be an RFC 3339")))
                .body("issue.diagnostics", hasItem("feedback[1].overrideReason is only for the overridden outcome"));
    }

    @Test
    void feedbackWithoutEntriesIsRefused() {
        feedback("crd-order-sign", "{\"feedback\": []}")
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("feedback is required"));
    }

    @Test
    void feedbackToAnUnknownServiceIsNotFound() {
        feedback("no-such-service", fixture("feedback/accepted.json")).statusCode(404);
    }

    private static ValidatableResponse feedback(String serviceId, String body) {
        return json(body)
                .when()
                .post("/cds-services/" + serviceId + "/feedback")
                .then();
    }

    private static String firstCardOfAnOrderSign() {
        List<String> cards = callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("cards.uuid", String.class);
        return cards.get(0);
    }
}
