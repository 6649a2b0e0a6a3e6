package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inferno group "order-sign": every supplied body answered 200 with valid cards and a systemActions array; for an
 * order the payer's policy governs, an External Reference card, an Instructions card and a valid Coverage
 * Information system action ("servers SHALL, at minimum, support returning and processing the Coverage
 * Information system action for all invocations of this hook").
 */
class OrderSignGroupTest extends ConformanceSuite {

    private static final String SERVICE = "crd-order-sign";
    private static final String IRE = "requests/order-sign-ire-0600T.json";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "conformance/order-sign/inferno-servicerequest-g0180.json",
                "conformance/order-sign/inferno-devicerequest-e0250.json",
                "conformance/order-sign/inferno-nutrition-and-medication-no-prefetch.json",
                "conformance/order-sign/ire-two-orders-two-coverages.json",
                IRE
            })
    void everyBodyGetsAConformantResponse(String fixture) {
        assertConformant(call(SERVICE, fixture));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "conformance/order-sign/inferno-servicerequest-g0180.json",
                "conformance/order-sign/inferno-devicerequest-e0250.json",
                "conformance/order-sign/inferno-nutrition-and-medication-no-prefetch.json"
            })
    void ordersNoPolicyGovernsGetNoCardsButStillASystemActionsArray(String fixture) {
        HookExchange exchange = call(SERVICE, fixture);

        assertThat(exchange.cards()).isEmpty();
        assertThat(exchange.systemActions().isArray()).isTrue();
        assertThat(exchange.systemActions()).isEmpty();
    }

    @Test
    void aGovernedOrderGetsAnExternalReferenceCard() {
        assertThat(count(call(SERVICE, IRE).cards(), CardKinds::isExternalReference))
                .isPositive();
    }

    @Test
    void aGovernedOrderGetsAnInstructionsCard() {
        assertThat(count(call(SERVICE, IRE).cards(), CardKinds::isInstructions)).isPositive();
    }

    @Test
    void aGovernedOrderGetsACoverageInformationSystemActionOnTheDraftOrder() {
        HookExchange exchange = call(SERVICE, IRE);

        assertThat(annotatedOrders(exchange)).containsExactly("ServiceRequest/ire-1");
        assertThat(assertionValue(exchange, "ServiceRequest/ire-1", "covered", "valueCode")
                        .asText())
                .isEqualTo("not-covered");
    }

    @Test
    void ordersOnTheSameCoverageShareOneAssertionIdAndOtherCoveragesGetTheirOwn() {
        HookExchange exchange = call(SERVICE, "conformance/order-sign/ire-two-orders-two-coverages.json");

        assertThat(annotatedOrders(exchange))
                .containsExactly("ServiceRequest/ire-1", "ServiceRequest/ire-2", "ServiceRequest/ire-3");
        String first = assertionValue(exchange, "ServiceRequest/ire-1", "coverage-assertion-id", "valueString")
                .asText();
        String second = assertionValue(exchange, "ServiceRequest/ire-2", "coverage-assertion-id", "valueString")
                .asText();
        String third = assertionValue(exchange, "ServiceRequest/ire-3", "coverage-assertion-id", "valueString")
                .asText();
        assertThat(third).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(assertionValue(exchange, "ServiceRequest/ire-2", "coverage", "valueReference")
                        .path("reference")
                        .asText())
                .isEqualTo("Coverage/cov-2");
    }
}
