package org.payercrd.hooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** The EHR's davinci-crd.configuration switches, sent with the request. */
class ConfigurationOptionsTest extends RunningService {

    @Test
    void switchingOffBothCardTypesLeavesOnlyTheAssertionAndUnknownKeysAreIgnored() {
        callService("crd-order-sign", fixture("requests/order-sign-cards-off.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", hasSize(1));
    }

    @Test
    void switchingOffCoverageInfoLeavesOutTheAssertionAndEveryCardOfThatCardType() {
        callService("crd-order-sign", fixture("requests/order-sign-coverage-info-off.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", empty());
    }

    @Test
    void maxCardsKeepsTheMostSevereCard() {
        callService("crd-order-sign", fixture("requests/order-sign-max-one-card.json"))
                .statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].indicator", equalTo("warning"))
                .body("systemActions", hasSize(1));
    }

    @Test
    void maxCardsThatIsNotANumberIsTheCallersError() {
        callService("crd-order-sign", fixture("requests/order-sign-max-cards-not-a-number.json"))
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("max-cards"));
    }
}
