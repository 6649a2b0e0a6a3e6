package org.payercrd.hooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * Issue 11 §1: the cost of a request is bounded by its size, not by what its numbers or members say. A short
 * number with a huge exponent, or a member given twice, is refused with a 400 naming the element, quickly.
 */
class HostileInputTest extends RunningService {

    private static final String ORDER = "\"resourceType\": \"ServiceRequest\",";
    private static final String PATIENT = "\"resourceType\": \"Patient\",";
    /**
     * The CRD answer budget. Unrefused, these numbers cost a 200 after 4.9 s of CPU and a 307 kB answer (1e300000),
     * a minute (1e999999) or an OutOfMemoryError and a 500 (1e999999999): the status and the element named are what
     * fail on the old code, the clock only keeps a refusal within what an EHR waits for. A tighter bound (3 s) failed
     * on a machine running seven builds when the refusal was the JVM's first hook call (8.9 s, class loading), so the
     * hook path is warmed first and the bound is the budget.
     */
    private static final long CRD_BUDGET_MILLIS = 5000;

    private static boolean hookPathWarm;

    @BeforeEach
    void warmTheHookPath() {
        if (!hookPathWarm) {
            callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                    .statusCode(200);
            hookPathWarm = true;
        }
    }

    @Test
    void decimalWithAHugeExponentInAnOrderIs400Quickly() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst(ORDER, ORDER + " \"quantityQuantity\": {\"value\": 1e300000},");
        assertRefused(
                json(body).post("/cds-services/crd-order-sign").then(),
                "draftOrders.entry[0].resource.quantityQuantity.value");
    }

    @Test
    void decimalWhoseExponentOverflowsMemoryIs400Quickly() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst(ORDER, ORDER + " \"quantityQuantity\": {\"value\": 1e999999999},");
        assertRefused(json(body).post("/cds-services/crd-order-sign").then(), "quantityQuantity.value");
    }

    @Test
    void decimalWithANegativeHugeExponentInPrefetchIs400() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst(PATIENT, PATIENT + " \"multipleBirthInteger\": 1e-300000,");
        assertRefused(json(body).post("/cds-services/crd-order-sign").then(), "prefetch.patient.multipleBirthInteger");
    }

    @Test
    void numberWithMoreDigitsThanAnyDecimalNeedsIs400() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst(ORDER, ORDER + " \"quantityQuantity\": {\"value\": 1." + "1".repeat(40) + "},");
        assertRefused(json(body).post("/cds-services/crd-order-sign").then(), "quantityQuantity.value");
    }

    @Test
    void decimalsRealOrdersCarryAreAccepted() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst(ORDER, ORDER + " \"quantityQuantity\": {\"value\": 12345678901234567.5},");
        callService("crd-order-sign", body).statusCode(200);
    }

    @Test
    void aMemberGivenTwiceIs400() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst(ORDER, ORDER + " \"code\": {\"text\": \"radiofrequency ablation\"},");
        assertRefused(json(body).post("/cds-services/crd-order-sign").then(), "code");
    }

    @Test
    void aMemberGivenTwiceInTheEnvelopeIs400() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replaceFirst("\"hook\"", "\"hook\": \"order-select\", \"hook\"");
        assertRefused(json(body).post("/cds-services/crd-order-sign").then(), "hook");
    }

    private static void assertRefused(ValidatableResponse response, String element) {
        response.time(lessThan(CRD_BUDGET_MILLIS))
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.diagnostics", hasItem(containsString(element)))
                .body(not(containsString("at org.")));
    }
}
