package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdVersion;
import org.payercrd.policy.PolicyResourceValidator;

/** The response checks find what Inferno would flag, so that a clean run of the suite means something. */
class CdsResponseChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CdsResponseChecks checks;
    private static JsonNode request;

    @BeforeAll
    static void buildTheChecks() throws IOException {
        FhirContext fhirContext = FhirContext.forR4Cached();
        checks = new CdsResponseChecks(fhirContext, new PolicyResourceValidator(fhirContext));
        try (InputStream in = CdsResponseChecksTest.class
                .getClassLoader()
                .getResourceAsStream("requests/order-sign-ire-0600T.json")) {
            request = JSON.readTree(in);
        }
    }

    /** A conformant CRD 2.0 response to the IRE order-sign request. */
    private static ObjectNode response() {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode card = response.putArray("cards").addObject();
        card.put("uuid", "c1").put("summary", "Not covered").put("indicator", "warning");
        ObjectNode source = card.putObject("source").put("label", "Premera Blue Cross");
        source.putObject("topic")
                .put("system", CdsResponseChecks.CARD_TYPES_2_0)
                .put("code", "coverage-info");
        card.putArray("links")
                .addObject()
                .put("label", "Policy")
                .put("type", "absolute")
                .put("url", "https://example.org/p");
        ObjectNode action = response.putArray("systemActions")
                .addObject()
                .put("type", "update")
                .put("description", "Assertion");
        ObjectNode order = request.path("context")
                .path("draftOrders")
                .path("entry")
                .path(0)
                .path("resource")
                .deepCopy();
        ObjectNode extension = order.putArray("extension").addObject().put("url", CardKinds.COVERAGE_INFORMATION_URL);
        ArrayNode subs = extension.putArray("extension");
        subs.addObject().put("url", "coverage").putObject("valueReference").put("reference", "Coverage/cov-1");
        subs.addObject().put("url", "covered").put("valueCode", "not-covered");
        subs.addObject().put("url", "reason").putObject("valueCodeableConcept").put("text", "Investigational");
        subs.addObject().put("url", "date").put("valueDate", "2026-11-25");
        subs.addObject().put("url", "coverage-assertion-id").put("valueString", "a1");
        action.set("resource", order);
        return response;
    }

    private static HookExchange exchange(JsonNode response, CrdVersion version) {
        return new HookExchange("test", "order-sign", request, 200, response, version);
    }

    private static ObjectNode card(ObjectNode response) {
        return (ObjectNode) response.path("cards").path(0);
    }

    private static ObjectNode order(ObjectNode response) {
        return (ObjectNode) response.path("systemActions").path(0).path("resource");
    }

    @Test
    void aConformantResponsePasses() {
        assertThat(checks.all(exchange(response(), CrdVersion.V2_0))).isEmpty();
    }

    @Test
    void aLongSummaryABadIndicatorAndAMissingTopicAreFlagged() {
        ObjectNode response = response();
        card(response).put("summary", "x".repeat(140)).put("indicator", "urgent");
        ((ObjectNode) card(response).get("source")).remove("topic");

        assertThat(checks.serviceResponse(exchange(response, CrdVersion.V2_0)))
                .anyMatch(p -> p.contains("140-character"))
                .anyMatch(p -> p.contains("`indicator` is `urgent`"))
                .anyMatch(p -> p.contains("`topic`"));
    }

    @Test
    void orderSignWithoutSystemActionsIsFlagged() {
        ObjectNode response = response();
        response.remove("systemActions");

        assertThat(checks.serviceResponse(exchange(response, CrdVersion.V2_0)))
                .anyMatch(p -> p.contains("systemActions"));
    }

    @Test
    void anActionWithoutDescriptionAndARelativeLinkAreFlagged() {
        ObjectNode response = response();
        ((ObjectNode) response.path("systemActions").path(0)).remove("description");
        ((ObjectNode) card(response).path("links").path(0)).put("url", "/policy");

        HookExchange exchange = exchange(response, CrdVersion.V2_0);
        assertThat(checks.serviceResponse(exchange)).anyMatch(p -> p.contains("`description`"));
        assertThat(checks.cardOptionalFields(exchange)).anyMatch(p -> p.contains("absolute http(s) URL"));
    }

    @Test
    void anInvalidR4ResourceIsFlagged() {
        ObjectNode response = response();
        order(response).put("status", "signed");

        assertThat(checks.returnedResources(exchange(response, CrdVersion.V2_0)))
                .isNotEmpty();
    }

    @Test
    void anOrderChangedBeyondTheExtensionIsFlagged() {
        ObjectNode response = response();
        order(response).remove("requester");
        order(response).put("priority", "stat");

        assertThat(checks.ordersEchoed(exchange(response, CrdVersion.V2_0)))
                .anyMatch(p -> p.contains("lost its requester"))
                .anyMatch(p -> p.contains("not echoed unchanged"));
    }

    @Test
    void twoCoveragesSharingAnAssertionIdAreFlagged() {
        ObjectNode response = response();
        ObjectNode second = response.path("systemActions").path(0).deepCopy();
        ((ObjectNode) second.path("resource")).put("id", "ire-2");
        ((ObjectNode) second.path("resource")
                        .path("extension")
                        .path(0)
                        .path("extension")
                        .path(0)
                        .path("valueReference"))
                .put("reference", "Coverage/cov-2");
        ((ArrayNode) response.get("systemActions")).add(second);

        assertThat(checks.coverageInformation(exchange(response, CrdVersion.V2_0)))
                .anyMatch(p -> p.contains("distinct coverage-assertion-ids"));
    }

    @Test
    void crd22ContentInA20ResponseAndA20ShapeInA22ResponseAreFlagged() {
        ObjectNode response = response();
        card(response)
                .putObject("extension")
                .putArray(CdsResponseChecks.ASSOCIATED_RESOURCE)
                .addObject()
                .put("reference", "ServiceRequest/ire-1");
        assertThat(checks.versionShape(exchange(response, CrdVersion.V2_0))).anyMatch(p -> p.contains("2.2 content"));

        assertThat(checks.versionShape(exchange(response(), CrdVersion.V2_2)))
                .anyMatch(p -> p.contains(CdsResponseChecks.CARD_TYPES_2_2))
                .anyMatch(p -> p.contains(CdsResponseChecks.ASSOCIATED_RESOURCE));
    }
}
