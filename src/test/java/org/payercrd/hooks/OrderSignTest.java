package org.payercrd.hooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

class OrderSignTest extends RunningService {

    @Test
    void percutaneousIreOrderGetsInvestigationalCardInstructionsAndNotCoveredAssertion() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].indicator", equalTo("warning"))
                .body("cards[0].summary.length()", lessThan(140))
                .body("cards[0].links.url", hasItem("https://www.nice.org.uk/guidance/ipg579"))
                .body("cards[1].indicator", equalTo("info"))
                .body("systemActions", hasSize(1))
                .body("systemActions[0].type", equalTo("update"))
                .body("systemActions[0].resource.extension[0].extension.find { it.url == 'covered' }.valueCode",
                        equalTo("not-covered"));
    }

    /**
     * The acceptance scenario: a clinician orders IRE for a patient with pancreatic cancer and a pacemaker,
     * and sees the not-covered assertion, the investigational card leading with the pancreatic evidence and NICE
     * IPG579, the instructions card, and a critical card naming the pacemaker.
     */
    @Test
    void pancreaticCancerPatientWithPacemakerSeesAssertionEvidenceInstructionsAndPacemakerWarning() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-pancreatic-cancer-with-pacemaker.json"))
                .statusCode(200)
                .body("systemActions", hasSize(1))
                .body("systemActions[0].resource.extension[0].extension.find { it.url == 'covered' }.valueCode",
                        equalTo("not-covered"))
                .body("cards", hasSize(3))
                .body("cards[0].indicator", equalTo("critical"))
                .body("cards[0].summary", equalTo(
                        "NanoKnife contraindicated: Presence of cardiac pacemaker (ICD-10-CM Z95.0)"))
                .body("cards[0].source.topic.code", equalTo("contraindication"))
                .body("cards[1].indicator", equalTo("warning"))
                .body("cards[1].summary", equalTo("Irreversible electroporation (NanoKnife, CPT 0600T) for pancreatic "
                        + "cancer is investigational: not covered by Premera"))
                .body("cards[1].detail", containsString("**Evidence for pancreatic cancer.**"))
                .body("cards[1].links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg579"))
                .body("cards[1].links[0].label", startsWith("NICE IPG579 (2017)"))
                .body("cards[2].indicator", equalTo("info"))
                .body("cards[2].summary", startsWith("IRE not covered"));
    }
}
