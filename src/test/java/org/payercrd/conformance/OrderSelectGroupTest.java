package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inferno group "order-select": valid responses; only the selected orders are reviewed. */
class OrderSelectGroupTest extends ConformanceSuite {

    private static final String SERVICE = "crd-order-select";
    private static final String IRE = "conformance/order-select/ire-0601T-selected.json";

    @ParameterizedTest
    @ValueSource(strings = {"conformance/order-select/inferno-medicationrequests.json", IRE})
    void everyBodyGetsAConformantResponse(String fixture) {
        assertConformant(call(SERVICE, fixture));
    }

    @Test
    void medicationOrdersNoPolicyGovernsGetNoCards() {
        assertThat(call(SERVICE, "conformance/order-select/inferno-medicationrequests.json")
                        .cards())
                .isEmpty();
    }

    @Test
    void theSelectedIreOrderIsReviewedAndTheOtherDraftOrderIsNot() {
        HookExchange exchange = call(SERVICE, IRE);

        assertThat(count(exchange.cards(), CardKinds::isExternalReference)).isPositive();
        assertThat(count(exchange.cards(), CardKinds::isInstructions)).isPositive();
        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-open");
    }
}
