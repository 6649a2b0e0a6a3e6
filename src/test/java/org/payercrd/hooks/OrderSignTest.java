package org.payercrd.hooks;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

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
}
