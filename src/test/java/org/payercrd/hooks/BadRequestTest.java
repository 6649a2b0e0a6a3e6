package org.payercrd.hooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * Bad input gets a 4xx with an OperationOutcome naming the problem, never a 5xx or a stack trace, and the
 * service keeps serving.
 */
class BadRequestTest extends RunningService {

    private static final ObjectMapper mapper = new ObjectMapper();

    @Test
    void malformedJsonIs400() {
        assertRefused(
                json("{\"hook\": \"order-sign\", ")
                        .post("/cds-services/crd-order-sign")
                        .then(),
                400,
                "not valid JSON");
    }

    @Test
    void emptyBodyIs400() {
        assertRefused(
                given().contentType(ContentType.JSON)
                        .post("/cds-services/crd-order-sign")
                        .then(),
                400,
                "missing");
    }

    @Test
    void jsonArrayIs400() {
        assertRefused(json("[1, 2]").post("/cds-services/crd-order-sign").then(), 400, "JSON object");
    }

    @Test
    void missingHookInstanceIs400() {
        assertRefused(post(request -> request.remove("hookInstance")), 400, "hookInstance");
    }

    @Test
    void missingContextIs400() {
        assertRefused(post(request -> request.remove("context")), 400, "context");
    }

    @Test
    void missingDraftOrdersIs400() {
        assertRefused(post(request -> ((ObjectNode) request.get("context")).remove("draftOrders")), 400, "draftOrders");
    }

    @Test
    void draftOrdersThatIsNotABundleIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("context"))
                        .putObject("draftOrders")
                        .put("resourceType", "ServiceRequest")),
                400,
                "Bundle");
    }

    @Test
    void draftOrdersThatIsNotValidFhirIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("context"))
                        .putObject("draftOrders")
                        .put("resourceType", "Bundle")
                        .put("entry", "not a list")),
                400,
                "draftOrders");
    }

    @Test
    void prefetchThatIsNotFhirIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("prefetch"))
                        .putObject("coverage")
                        .put("foo", 1)),
                400,
                "prefetch.coverage");
    }

    @Test
    void patientIdThatIsNotAFhirIdIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("context")).put("patientId", "x".repeat(500))),
                400,
                "patientId");
    }

    @Test
    void hookInstanceTheSizeOfADocumentIs400() {
        assertRefused(post(request -> request.put("hookInstance", "x".repeat(500))), 400, "hookInstance");
    }

    /** One more than the audit's hook_instance column holds. */
    @Test
    void hookInstanceOneLongerThanTheAuditKeepsIs400() {
        assertRefused(
                post(request -> request.put("hookInstance", "x".repeat(201))),
                400,
                "hookInstance must be a UUID, not 201 characters");
    }

    @Test
    void hookInstanceWithANulCharacterIs400() {
        assertRefused(
                post(request -> request.put("hookInstance", "d1577c69-dfbe-44ad\u0000-ba6d-3e05e953b2ea")),
                400,
                "hookInstance");
    }

    @Test
    void draftOrderIdThatIsNotAFhirIdIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("context")
                                .get("draftOrders")
                                .get("entry")
                                .get(0)
                                .get("resource"))
                        .put("id", "x".repeat(300))),
                400,
                "context.draftOrders.entry[0].resource.id");
    }

    /** Unrefused, a Coverage id the audit's coverage_reference (200 characters) cannot hold gave a 500. */
    @Test
    void prefetchedCoverageIdThatIsNotAFhirIdIs400() {
        String id = "c".repeat(300);
        assertRefused(
                post(request -> {
                    ((ObjectNode) request.get("prefetch")
                                    .get("coverage")
                                    .get("entry")
                                    .get(0)
                                    .get("resource"))
                            .put("id", id);
                    ((ObjectNode) request.get("context")
                                    .get("draftOrders")
                                    .get("entry")
                                    .get(0)
                                    .get("resource")
                                    .get("insurance")
                                    .get(0))
                            .put("reference", "Coverage/" + id);
                }),
                400,
                "prefetch.coverage.entry[0].resource.id must be a FHIR id");
    }

    @Test
    void prefetchedResourceIdWithANulCharacterIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("prefetch").get("patient")).put("id", "pat\u00001")),
                400,
                "prefetch.patient.id must be a FHIR id");
    }

    @Test
    void userIdThatIsNotAReferenceIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("context")).put("userId", "Practitioner/ex\u0000ample")),
                400,
                "context.userId must be a reference ResourceType/id");
    }

    @Test
    void encounterIdThatIsNotAFhirIdIs400() {
        assertRefused(
                post(request -> ((ObjectNode) request.get("context")).put("encounterId", "e".repeat(300))),
                400,
                "context.encounterId must be a FHIR id");
    }

    /** The dispatched order is stored as the assertion's order_reference (200 characters). */
    @Test
    void dispatchedOrderReferenceWhoseIdIsNotAFhirIdIs400() {
        assertRefused(
                postTo(
                        "crd-order-dispatch",
                        "conformance/order-dispatch/ire-dispatched-orders-v22.json",
                        request -> ((ObjectNode) request.get("context"))
                                .putArray("dispatchedOrders")
                                .add("ServiceRequest/" + "o".repeat(300))),
                400,
                "context.dispatchedOrders[0] must be a reference ResourceType/id");
    }

    @Test
    void hookOfAnotherServiceIs400() {
        assertRefused(post(request -> request.put("hook", "patient-view")), 400, "patient-view");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        post(request -> {
                    request.remove("hookInstance");
                    ((ObjectNode) request.get("context")).remove("patientId");
                })
                .statusCode(400)
                .body("issue", hasSize(2));
    }

    @Test
    void unknownServiceIs404() {
        assertRefused(
                json(fixture("requests/order-sign-ire-0600T.json"))
                        .post("/cds-services/no-such-service")
                        .then(),
                404,
                "no-such-service");
    }

    @Test
    void nonJsonContentTypeIs415() {
        assertRefused(
                given().contentType(ContentType.TEXT)
                        .body("hello")
                        .post("/cds-services/crd-order-sign")
                        .then(),
                415,
                "application/json");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"hook\":\"order-sign\",\"padding\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        assertRefused(json(huge).post("/cds-services/crd-order-sign").then(), 413, "larger");
    }

    @Test
    void theServiceKeepsServingAfterBadInput() {
        json("{{{").post("/cds-services/crd-order-sign").then().statusCode(400);
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200);
    }

    private static ValidatableResponse post(Consumer<ObjectNode> mutation) {
        return postTo("crd-order-sign", "requests/order-sign-ire-0600T.json", mutation);
    }

    private static ValidatableResponse postTo(String serviceId, String fixture, Consumer<ObjectNode> mutation) {
        try {
            ObjectNode request = (ObjectNode) mapper.readTree(fixture(fixture));
            mutation.accept(request);
            return json(request.toString()).post("/cds-services/" + serviceId).then();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(ValidatableResponse response, int status, String problem) {
        response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].severity", equalTo("error"))
                .body("issue.diagnostics", hasItem(containsString(problem)))
                .body(not(containsString("at org.")))
                .body(not(containsString("Exception")));
    }
}
