package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.List;
import org.payercrd.CrdVersion;
import org.payercrd.RunningService;
import org.payercrd.policy.PolicyResourceValidator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the conformance suite: a JUnit reimplementation of the Inferno "Da Vinci CRD Server" test suite
 * (inferno-framework/davinci-crd-test-kit), one test class per Inferno group, run against the real service with
 * request bodies shaped like the suite's presets and with our own IRE bodies.
 */
abstract class ConformanceSuite extends RunningService {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private FhirContext fhirContext;

    @Autowired
    private PolicyResourceValidator validator;

    protected CdsResponseChecks checks() {
        return new CdsResponseChecks(fhirContext, validator);
    }

    /** Calls a service with a fixture from {@code src/test/resources}. */
    protected HookExchange call(String serviceId, String fixture) {
        return call(serviceId, fixture, read(fixture(fixture)));
    }

    protected HookExchange call(String serviceId, String label, JsonNode body) {
        Response response = json(body.toString()).when().post("/cds-services/" + serviceId);
        JsonNode parsed;
        try {
            parsed = JSON.readTree(response.asString());
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        String requested =
                body.path("extension").path("davinci-crd.requestedVersion").asText(null);
        CrdVersion version = CrdVersion.fromLabel(requested).orElse(CrdVersion.V2_0);
        return new HookExchange(label, body.path("hook").asText(), body, response.statusCode(), parsed, version);
    }

    /** A fixture with {@code davinci-crd.requestedVersion} set, as a CRD 2.2 client sends it. */
    protected static JsonNode requestingVersion(String fixture, String version) {
        ObjectNode body = (ObjectNode) read(fixture(fixture));
        ObjectNode extension = body.has("extension") ? (ObjectNode) body.get("extension") : body.putObject("extension");
        extension.put("davinci-crd.requestedVersion", version);
        return body;
    }

    protected static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Fixture is not JSON", e);
        }
    }

    /** The coverage-information system actions of a response (Inferno's identification). */
    protected static List<JsonNode> coverageInformationActions(HookExchange exchange) {
        return java.util.stream.StreamSupport.stream(exchange.systemActions().spliterator(), false)
                .filter(CardKinds::isCoverageInformationAction)
                .toList();
    }

    /** {@code ResourceType/id} of each resource a coverage-information action updates. */
    protected static List<String> annotatedOrders(HookExchange exchange) {
        return coverageInformationActions(exchange).stream()
                .map(a -> a.path("resource").path("resourceType").asText() + "/"
                        + a.path("resource").path("id").asText())
                .toList();
    }

    /** The value of a sub-extension of the first coverage-information extension on the updated order. */
    protected static JsonNode assertionValue(
            HookExchange exchange, String order, String subExtension, String valueType) {
        JsonNode action = coverageInformationActions(exchange).stream()
                .filter(a ->
                        order.equals(a.path("resource").path("resourceType").asText() + "/"
                                + a.path("resource").path("id").asText()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no coverage information on " + order + " in " + exchange.response()));
        JsonNode extension = java.util.stream.StreamSupport.stream(
                        action.path("resource").path("extension").spliterator(), false)
                .filter(e ->
                        CardKinds.COVERAGE_INFORMATION_URL.equals(e.path("url").asText()))
                .findFirst()
                .orElseThrow();
        return CoverageInformationInvariants.value(extension, subExtension, valueType);
    }

    protected static long count(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .filter(test)
                .count();
    }

    /** Runs every per-response check and fails with all problems listed. */
    protected void assertConformant(HookExchange exchange) {
        List<String> problems = checks().all(exchange);
        assertThat(problems)
                .as("conformance problems in the response to %s: %s", exchange, exchange.response())
                .isEmpty();
    }
}
