package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inferno group "Required Card Response Validation": across all hooks invoked, a CRD server SHALL demonstrate
 * at least an External Reference card, an Instructions card and a Coverage Information system action, each valid.
 */
class RequiredCardResponseValidationGroupTest extends ConformanceSuite {

    private List<HookExchange> exchanges;

    @BeforeEach
    void invokeEveryHook() {
        exchanges = List.of(
                call("crd-order-sign", "requests/order-sign-ire-0600T.json"),
                call("crd-order-select", "conformance/order-select/ire-0601T-selected.json"),
                call("crd-order-dispatch", "conformance/order-dispatch/ire-dispatched-orders-v22.json"),
                call("crd-appointment-book", "conformance/appointment-book/ire-appointment-based-on-order.json"),
                call("crd-encounter-start", "conformance/encounter-start/ire-order-pending-for-encounter.json"),
                call(
                        "crd-encounter-discharge",
                        "conformance/encounter-discharge/ire-order-pending-for-encounter.json"));
    }

    @Test
    void aValidExternalReferenceCardIsReturnedAcrossHooks() {
        assertThat(exchanges.stream()
                        .mapToLong(e -> count(e.cards(), CardKinds::isExternalReference))
                        .sum())
                .isPositive();
        exchanges.forEach(this::assertConformant);
    }

    @Test
    void aValidInstructionsCardIsReturnedAcrossHooks() {
        assertThat(exchanges.stream()
                        .mapToLong(e -> count(e.cards(), CardKinds::isInstructions))
                        .sum())
                .isPositive();
    }

    @Test
    void aValidCoverageInformationSystemActionIsReturnedAcrossHooks() {
        assertThat(exchanges.stream()
                        .mapToLong(e -> coverageInformationActions(e).size())
                        .sum())
                .isPositive();
        exchanges.forEach(
                e -> assertThat(checks().coverageInformation(e)).as("%s", e).isEmpty());
    }
}
