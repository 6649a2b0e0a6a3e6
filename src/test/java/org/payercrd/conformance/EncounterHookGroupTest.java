package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inferno groups "encounter-start" and "encounter-discharge": valid responses. These hooks carry no orders and CRD
 * expects no documentation demands from them, so the answer is empty unless an order the policy governs is pending
 * for this encounter in the data. Each hook's subclass names its service and fixture folder.
 */
abstract class EncounterHookGroupTest extends ConformanceSuite {

    private final String service;
    private final String inferno;
    private final String pending;
    private final String elsewhere;

    EncounterHookGroupTest(String hook) {
        this.service = "crd-" + hook;
        this.inferno = "conformance/" + hook + "/inferno-prefetch-encounter.json";
        this.pending = "conformance/" + hook + "/ire-order-pending-for-encounter.json";
        this.elsewhere = "conformance/" + hook + "/ire-order-for-another-encounter.json";
    }

    @Test
    void everyBodyGetsAConformantResponse() {
        for (String fixture : List.of(inferno, pending, elsewhere)) {
            assertConformant(call(service, fixture));
        }
    }

    @Test
    void withoutAnOrderPendingForTheEncounterTheAnswerIsEmpty() {
        for (String fixture : List.of(inferno, elsewhere)) {
            HookExchange exchange = call(service, fixture);

            assertThat(exchange.cards()).as(fixture).isEmpty();
            assertThat(exchange.systemActions()).as(fixture).isEmpty();
        }
    }

    @Test
    void anIreOrderPendingForTheEncounterIsReviewedAndARevokedOneIsNot() {
        HookExchange exchange = call(service, pending);

        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-1");
        assertThat(count(exchange.cards(), CardKinds::isExternalReference)).isEqualTo(1);
    }
}
