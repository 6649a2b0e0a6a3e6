package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inferno group "order-dispatch": valid responses with a systemActions array, for the CRD 2.0.1 context the suite
 * sends ({@code order}, {@code task}) and the CRD 2.2 one ({@code dispatchedOrders}, {@code fulfillmentTasks}); a
 * dispatched order the policy governs gets a Coverage Information system action.
 */
class OrderDispatchGroupTest extends ConformanceSuite {

    private static final String SERVICE = "crd-order-dispatch";
    private static final String IRE_V22 = "conformance/order-dispatch/ire-dispatched-orders-v22.json";
    private static final String IRE_V201 = "conformance/order-dispatch/ire-order-v201.json";
    private static final String INFERNO = "conformance/order-dispatch/inferno-order-v201.json";

    @ParameterizedTest
    @ValueSource(strings = {INFERNO, IRE_V22, IRE_V201})
    void everyBodyGetsAConformantResponse(String fixture) {
        assertConformant(call(SERVICE, fixture));
    }

    @Test
    void anOrderThePatientDataDoesNotHoldCannotBeReviewedAndGetsAnEmptyAnswer() {
        HookExchange exchange = call(SERVICE, INFERNO);

        assertThat(exchange.cards()).isEmpty();
        assertThat(exchange.systemActions().isArray()).isTrue();
        assertThat(exchange.systemActions()).isEmpty();
    }

    @Test
    void aDispatchedOrderNamedInDispatchedOrdersIsReviewedFromPrefetch() {
        HookExchange exchange = call(SERVICE, IRE_V22);

        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-1");
        assertThat(count(exchange.cards(), CardKinds::isExternalReference)).isPositive();
        assertThat(count(exchange.cards(), CardKinds::isInstructions)).isPositive();
    }

    @Test
    void theCrd201OrderFieldIsReviewedLikeDispatchedOrders() {
        HookExchange exchange = call(SERVICE, IRE_V201);

        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-1");
        assertThat(assertionValue(exchange, "ServiceRequest/ire-1", "covered", "valueCode")
                        .asText())
                .isEqualTo("not-covered");
    }

    @Test
    void aContextWithoutAnyOrderIsRejectedWithAnOperationOutcome() {
        ObjectNode body = (ObjectNode) read(fixture(INFERNO));
        ((ObjectNode) body.get("context")).remove("order");

        HookExchange exchange = call(SERVICE, "order-dispatch without an order", body);

        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.response().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(exchange.response().toString()).contains("context.dispatchedOrders is required");
    }
}
