package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inferno v2.2 test "Coverage information configuration option suppresses coverage-info responses"
 * (coverage_info_configuration_test) on every hook, and the other CRD configuration rules: a switch set to false
 * leaves out every response of its type (dev-5, dev-14), {@code max-cards} caps the cards, unknown options are
 * ignored (dev-17), and a known option of the wrong type is the client's error.
 */
class ConfigurationOptionsTest extends ConformanceSuite {

    private static final String ORDER_SIGN = "requests/order-sign-ire-0600T.json";

    @ParameterizedTest
    @CsvSource({
        "crd-order-sign, " + ORDER_SIGN,
        "crd-order-select, conformance/order-select/ire-0601T-selected.json",
        "crd-order-dispatch, conformance/order-dispatch/ire-dispatched-orders-v22.json",
        "crd-appointment-book, conformance/appointment-book/ire-appointment-based-on-order.json",
        "crd-encounter-start, conformance/encounter-start/ire-order-pending-for-encounter.json",
        "crd-encounter-discharge, conformance/encounter-discharge/ire-order-pending-for-encounter.json"
    })
    void coverageInfoFalseSuppressesCoverageInfoCardsAndSystemActions(String service, String fixture) {
        HookExchange before = call(service, fixture);
        assertThat(count(before.cards(), CardKinds::isCoverageInformationCard)
                        + coverageInformationActions(before).size())
                .as("the unconfigured response has coverage-info content to suppress")
                .isPositive();

        HookExchange after = call(
                service, fixture + " with coverage-info=false", configured(fixture, Map.of("coverage-info", false)));

        assertThat(after.status()).isEqualTo(200);
        assertThat(count(after.cards(), CardKinds::isCoverageInformationCard)).isZero();
        assertThat(coverageInformationActions(after)).isEmpty();
        assertConformant(after);
    }

    @Test
    void switchingOffOneResponseTypeLeavesTheOthers() {
        HookExchange exchange = call(
                "crd-order-sign",
                "external-reference=false",
                configured(ORDER_SIGN, Map.of("external-reference", false)));

        assertThat(count(exchange.cards(), CardKinds::isExternalReference)).isZero();
        assertThat(count(exchange.cards(), CardKinds::isInstructions)).isPositive();
        assertThat(coverageInformationActions(exchange)).hasSize(1);
    }

    @Test
    void maxCardsKeepsTheMostSevereCards() {
        HookExchange exchange = call("crd-order-sign", "max-cards=1", configured(ORDER_SIGN, Map.of("max-cards", 1)));

        assertThat(exchange.cards()).hasSize(1);
        assertThat(exchange.cards().path(0).path("indicator").asText()).isEqualTo("warning");
        assertThat(coverageInformationActions(exchange)).hasSize(1);
    }

    @Test
    void optionsThisServiceDoesNotOfferAreIgnored() {
        HookExchange plain = call("crd-order-sign", ORDER_SIGN);
        HookExchange exchange = call(
                "crd-order-sign",
                "reference implementation options",
                configured(ORDER_SIGN, Map.of("alt-drug", true, "dtr-clin", false, "coverage", true)));

        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.cards()).hasSameSizeAs(plain.cards());
        assertThat(coverageInformationActions(exchange)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"coverage-info", "max-cards"})
    void aKnownOptionOfTheWrongTypeIsRejected(String option) {
        HookExchange exchange =
                call("crd-order-sign", option + " as text", configured(ORDER_SIGN, Map.of(option, "no")));

        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.response().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(exchange.response().toString()).contains("davinci-crd.configuration." + option);
    }

    /** The fixture as Inferno repeats it: a new hookInstance and {@code davinci-crd.configuration} set. */
    private static JsonNode configured(String fixture, Map<String, Object> options) {
        ObjectNode body = (ObjectNode) read(fixture(fixture));
        body.put("hookInstance", UUID.randomUUID().toString());
        ObjectNode extension = body.has("extension") ? (ObjectNode) body.get("extension") : body.putObject("extension");
        ObjectNode configuration = extension.putObject("davinci-crd.configuration");
        options.forEach((key, value) -> configuration.set(key, JSON.valueToTree(value)));
        return body;
    }
}
