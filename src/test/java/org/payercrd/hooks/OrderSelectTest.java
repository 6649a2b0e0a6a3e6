package org.payercrd.hooks;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** order-select: only the orders the clinician just selected are reviewed. */
class OrderSelectTest extends RunningService {

    @Test
    void selectedIreOrderGetsTheCards() {
        callService("crd-order-select", fixture("requests/order-select-ire-selected.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.extension.'davinci-crd.associated-resource'", everyItem(equalTo("ServiceRequest/ire-1")));
    }

    @Test
    void ireOrderInTheDraftButNotSelectedIsLeftAlone() {
        callService("crd-order-select", fixture("requests/order-select-ire-not-selected.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", empty());
    }

    @Test
    void anOrderSignRequestSentToTheOrderSelectServiceIsRefused() {
        callService("crd-order-select", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }
}
