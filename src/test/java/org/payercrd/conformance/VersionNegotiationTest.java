package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CRD version negotiation (deployment, "CRD Version declaration"): a client names the version it wants in the
 * request's {@code extension.davinci-crd.requestedVersion}; without one it gets the 2.0 shape the Inferno v2.0.1
 * suite validates; with "2.2" it gets the 2.2 additions, and a 2.0 client never gets them.
 */
class VersionNegotiationTest extends ConformanceSuite {

    private static final String SERVICE = "crd-order-sign";
    private static final String IRE = "requests/order-sign-ire-0600T.json";

    @Test
    void withoutARequestedVersionTheClientGetsCrd20() {
        HookExchange exchange = call(SERVICE, IRE);

        assertConformant(exchange);
        for (JsonNode card : exchange.cards()) {
            assertThat(card.path("source").path("topic").path("system").asText())
                    .isEqualTo(CdsResponseChecks.CARD_TYPES_2_0);
            assertThat(card.has("extension")).isFalse();
        }
        assertThat(assertionValue(exchange, "ServiceRequest/ire-1", "detail", "extension")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void requestingCrd20GivesTheSameShapeAsNamingNone() {
        HookExchange exchange = call(SERVICE, "2.0 requested", requestingVersion(IRE, "2.0"));

        assertConformant(exchange);
        assertThat(exchange.cards()
                        .path(0)
                        .path("source")
                        .path("topic")
                        .path("system")
                        .asText())
                .isEqualTo(CdsResponseChecks.CARD_TYPES_2_0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2", "2.2.1"})
    void requestingCrd22AddsCardTypesAssociatedResourcesAndAPolicyLinkDetail(String requested) {
        HookExchange exchange = call(SERVICE, requested + " requested", requestingVersion(IRE, requested));

        assertConformant(exchange);
        for (JsonNode card : exchange.cards()) {
            assertThat(card.path("source").path("topic").path("system").asText())
                    .isEqualTo(CdsResponseChecks.CARD_TYPES_2_2);
            assertThat(card.path("extension")
                            .path(CdsResponseChecks.ASSOCIATED_RESOURCE)
                            .toString())
                    .isEqualTo("[{\"reference\":\"ServiceRequest/ire-1\"}]");
        }
        JsonNode detail = assertionValue(exchange, "ServiceRequest/ire-1", "detail", "extension");
        String policyPage = exchange.cards().path(0).path("source").path("url").asText();
        assertThat(policyPage).startsWith("http");
        assertThat(detail.toString())
                .contains("{\"url\":\"category\",\"valueCode\":\"cat-other\"}")
                .contains("\"code\":\"policy-link\"")
                .contains("\"valueUrl\":\"" + policyPage + "\"");
    }

    @Test
    void aVersionTheServiceDoesNotSpeakIsRejectedNamingTheOnesItDoes() {
        HookExchange exchange = call(SERVICE, "2.1 requested", requestingVersion(IRE, "2.1"));

        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.response().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(exchange.response().toString())
                .contains("davinci-crd.requestedVersion")
                .contains("2.0, 2.2");
    }
}
