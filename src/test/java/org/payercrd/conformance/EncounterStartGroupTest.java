package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inferno group "encounter-start": valid responses. The hook carries no orders and CRD expects no documentation demands
 * from it, so the answer is empty unless an order the policy governs is pending for this encounter in the data.
 */
class EncounterStartGroupTest extends ConformanceSuite {

    private static final String SERVICE = "crd-encounter-start";
    private static final String INFERNO = "conformance/encounter-start/inferno-prefetch-encounter.json";
    private static final String PENDING = "conformance/encounter-start/ire-order-pending-for-encounter.json";
    private static final String ELSEWHERE = "conformance/encounter-start/ire-order-for-another-encounter.json";

    @ParameterizedTest
    @ValueSource(strings = {INFERNO, PENDING, ELSEWHERE})
    void everyBodyGetsAConformantResponse(String fixture) {
        assertConformant(call(SERVICE, fixture));
    }

    @ParameterizedTest
    @ValueSource(strings = {INFERNO, ELSEWHERE})
    void withoutAnOrderPendingForTheEncounterTheAnswerIsEmpty(String fixture) {
        HookExchange exchange = call(SERVICE, fixture);

        assertThat(exchange.cards()).isEmpty();
        assertThat(exchange.systemActions()).isEmpty();
    }

    @Test
    void anIreOrderPendingForTheEncounterIsReviewedAndARevokedOneIsNot() {
        HookExchange exchange = call(SERVICE, PENDING);

        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-1");
        assertThat(count(exchange.cards(), CardKinds::isExternalReference)).isEqualTo(1);
    }
}
