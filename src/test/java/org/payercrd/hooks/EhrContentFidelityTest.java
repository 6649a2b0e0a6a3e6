package org.payercrd.hooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** What the service hands back of the EHR's own FHIR content is what the EHR sent. */
class EhrContentFidelityTest extends RunningService {

    @Test
    void orderReturnedWithCoverageInformationKeepsTheEhrsDecimalsExactly() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-decimal-extension.json"))
                .statusCode(200)
                .body(containsString("\"valueDecimal\":18250.50"));
    }

    @Test
    void orderKeepsItsOwnIdWhenItsBundleEntryFullUrlIsAUrnUuid() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-urn-uuid-fullurl.json"))
                .statusCode(200)
                .body("systemActions[0].resource.id", equalTo("ire-1"))
                .body("cards.extension.'davinci-crd.associated-resource'", everyItem(equalTo("ServiceRequest/ire-1")));
    }
}
