package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.payercrd.policy.PolicyResourceValidator;

/**
 * Inferno's request-side tests (service_request_required_fields_validation, ..._optional_fields_validation,
 * ..._context_validation; hook_request_field_validation.rb) applied to every request body of this suite, so that
 * the bodies are ones Inferno would accept from a tester. Inferno validates context resources against the CRD
 * profiles; those cannot be downloaded here, so they are validated against base R4.
 */
class ServiceRequestValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Inferno context_required_fields_by_hook (CRD 2.0.1); order-dispatch in 2.2 names dispatchedOrders instead of order. */
    private static final Map<String, Map<String, String>> REQUIRED_CONTEXT = Map.of(
            "appointment-book", Map.of("userId", "String", "patientId", "String", "appointments", "Object"),
            "encounter-start", Map.of("userId", "String", "patientId", "String", "encounterId", "String"),
            "encounter-discharge", Map.of("userId", "String", "patientId", "String", "encounterId", "String"),
            "order-select",
                    Map.of("userId", "String", "patientId", "String", "selections", "Array", "draftOrders", "Object"),
            "order-dispatch", Map.of("patientId", "String", "order", "String", "performer", "String"),
            "order-sign", Map.of("userId", "String", "patientId", "String", "draftOrders", "Object"));

    private static final Map<String, Set<String>> USER_TYPES = Map.of(
            "appointment-book", Set.of("Patient", "RelatedPerson", "Practitioner", "PractitionerRole"),
            "encounter-start", Set.of("Practitioner", "PractitionerRole"),
            "encounter-discharge", Set.of("Practitioner", "PractitionerRole"),
            "order-select", Set.of("Practitioner", "PractitionerRole"),
            "order-sign", Set.of("Practitioner", "PractitionerRole"));

    /**
     * Bodies kept as Inferno's own fixture has them: its MedicationRequest sends {@code doseAndRate} as an object,
     * not an array. The service must still answer (lenient parsing); the body is not valid R4.
     */
    private static final Set<String> DELIBERATELY_NOT_R4 =
            Set.of("conformance/order-sign/inferno-nutrition-and-medication-no-prefetch.json");

    private static PolicyResourceValidator validator;

    @BeforeAll
    static void buildValidator() {
        validator = new PolicyResourceValidator(FhirContext.forR4Cached());
    }

    static Stream<String> bodies() {
        return Stream.of(
                "requests/order-sign-ire-0600T.json",
                "conformance/order-sign/inferno-servicerequest-g0180.json",
                "conformance/order-sign/inferno-devicerequest-e0250.json",
                "conformance/order-sign/inferno-nutrition-and-medication-no-prefetch.json",
                "conformance/order-sign/ire-two-orders-two-coverages.json",
                "conformance/order-select/inferno-medicationrequests.json",
                "conformance/order-select/ire-0601T-selected.json",
                "conformance/order-dispatch/inferno-order-v201.json",
                "conformance/order-dispatch/ire-order-v201.json",
                "conformance/order-dispatch/ire-dispatched-orders-v22.json",
                "conformance/appointment-book/inferno-proposed-appointments.json",
                "conformance/appointment-book/ire-appointment-based-on-order.json",
                "conformance/encounter-start/inferno-prefetch-encounter.json",
                "conformance/encounter-start/ire-order-pending-for-encounter.json",
                "conformance/encounter-start/ire-order-for-another-encounter.json",
                "conformance/encounter-discharge/inferno-prefetch-encounter.json",
                "conformance/encounter-discharge/ire-order-pending-for-encounter.json",
                "conformance/encounter-discharge/ire-order-for-another-encounter.json");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void requiredAndOptionalFieldsAreThereWithTheirTypes(String fixture) throws IOException {
        JsonNode body = read(fixture);
        List<String> problems = new ArrayList<>();
        for (String field : List.of("hook", "hookInstance")) {
            if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                problems.add("Hook request did not contain required field: `" + field + "`");
            }
        }
        if (!body.path("context").isObject() || body.path("context").isEmpty()) {
            problems.add("Hook request did not contain required field: `context`");
        }
        try {
            UUID.fromString(body.path("hookInstance").asText());
        } catch (IllegalArgumentException e) {
            problems.add("`hookInstance` field must be a globally unique UUID.");
        }
        if (body.has("fhirAuthorization") && !body.path("fhirServer").isTextual()) {
            problems.add("Missing `fhirServer` field: if `fhirAuthorization` is provided, it is required");
        }
        for (String field : List.of("fhirServer", "fhirAuthorization", "prefetch")) {
            if (body.has(field)
                    && (body.get(field).isNull()
                            || body.get(field).isEmpty() && !body.get(field).isTextual())) {
                problems.add("Hook request field `" + field + "` cannot be defined but blank.");
            }
        }
        JsonNode auth = body.path("fhirAuthorization");
        if (auth.isObject()) {
            for (String field : List.of("access_token", "token_type", "scope", "subject")) {
                if (!auth.path(field).isTextual()) {
                    problems.add("`fhirAuthorization` did not contain required field: `" + field + "`");
                }
            }
            if (!auth.path("expires_in").isInt()) {
                problems.add("`fhirAuthorization` field `expires_in` is not of type Integer");
            }
            if (!"Bearer".equals(auth.path("token_type").asText())) {
                problems.add("`fhirAuthorization` `token_type` field is not set to 'Bearer'");
            }
        }
        assertThat(problems).as(fixture).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void theContextHasTheFieldsItsHookRequires(String fixture) throws IOException {
        JsonNode body = read(fixture);
        String hook = body.path("hook").asText();
        JsonNode context = body.path("context");
        boolean crd22 = "2.2"
                .equals(body.path("extension")
                        .path("davinci-crd.requestedVersion")
                        .asText());
        List<String> problems = new ArrayList<>();
        REQUIRED_CONTEXT.get(hook).forEach((field, type) -> {
            if ("order-dispatch".equals(hook) && "order".equals(field) && crd22) {
                field = "dispatchedOrders";
                type = "Array";
            }
            JsonNode value = context.path(field);
            boolean typed = switch (type) {
                case "String" -> value.isTextual() && !value.asText().isBlank();
                case "Array" -> value.isArray() && !value.isEmpty();
                default -> value.isObject() && !value.isEmpty();
            };
            if (!typed) {
                problems.add(hook + " request context does not contain required field `" + field + "` of type " + type);
            }
        });
        Set<String> userTypes = USER_TYPES.get(hook);
        if (userTypes != null
                && !userTypes.contains(context.path("userId").asText().split("/")[0])) {
            problems.add("`userId` must refer to one of " + userTypes + ", not " + context.path("userId"));
        }
        if (!DELIBERATELY_NOT_R4.contains(fixture)) {
            for (JsonNode resource : resources(body)) {
                validator
                        .errors(resource.toString())
                        .forEach(error -> problems.add(resource.path("resourceType")
                                        .asText() + "/" + resource.path("id").asText() + ": "
                                + error.getLocationString() + ": " + error.getMessage()));
            }
        }
        assertThat(problems).as(fixture).isEmpty();
    }

    /** The FHIR resources a body carries in its context and prefetch. */
    private static List<JsonNode> resources(JsonNode body) {
        List<JsonNode> resources = new ArrayList<>();
        body.path("context").forEach(value -> {
            if (value.has("resourceType")) {
                resources.add(value);
            }
        });
        body.path("context").path("fulfillmentTasks").forEach(resources::add);
        body.path("prefetch").forEach(value -> {
            if (value.has("resourceType")) {
                resources.add(value);
            }
        });
        return resources;
    }

    private static JsonNode read(String fixture) throws IOException {
        try (InputStream in =
                ServiceRequestValidationTest.class.getClassLoader().getResourceAsStream(fixture)) {
            return JSON.readTree(in);
        }
    }
}
