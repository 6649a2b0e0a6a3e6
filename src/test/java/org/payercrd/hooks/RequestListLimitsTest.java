package org.payercrd.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdProperties;
import org.payercrd.RunningService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11 §1: the lists whose cost grows faster than their bytes have documented limits ({@code crd.request.*},
 * defaults 100 codings per CodeableConcept, 50 orders per call, 500 resources per prefetch value). A request at a
 * limit gets its real answer; one past it a 400 naming the list, before HAPI or the CQL sees it.
 */
class RequestListLimitsTest extends RunningService {

    @Autowired
    CrdProperties properties;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_CODING = "context.draftOrders.entry[0].resource.code.coding";

    @Test
    void anOrderCodeWithAHundredCodingsIsReviewedOnItsLastOne() {
        post(orderSign(r -> codingsBeforeTheIreCode(r, 99)))
                .statusCode(200)
                .body("cards.summary", hasItem(containsString("investigational")));
    }

    @Test
    void anOrderCodeWithAHundredAndOneCodingsIs400NamingIt() {
        assertRefused(post(orderSign(r -> codingsBeforeTheIreCode(r, 100))), ORDER_CODING + " has 101 codings");
    }

    @Test
    void fiftyOrdersAreEachAnswered() {
        assertThat(properties.request().maxOrders())
                .as("the documented default")
                .isEqualTo(50);
        post(orderSign(r -> ordersInAll(r, 50)))
                .statusCode(200)
                .body("systemActions", hasSize(50))
                .body("systemActions.resource.id", hasItem("ire-50"));
    }

    @Test
    void fiftyOneOrdersAre400NamingTheDraftOrders() {
        assertRefused(post(orderSign(r -> ordersInAll(r, 51))), "context.draftOrders.entry has 51 orders");
    }

    @Test
    void fiveHundredDevicesAreAllReadThePacemakerLast() {
        assertThat(properties.request().maxResourcesPerPrefetch())
                .as("the documented default")
                .isEqualTo(500);
        post(orderSign(r -> devicesEndingWithThePacemaker(r, 500)))
                .statusCode(200)
                .body("cards.findAll { it.indicator == 'critical' }", hasSize(1));
    }

    @Test
    void fiveHundredAndOneDevicesAre400NamingThePrefetchKey() {
        assertRefused(
                post(orderSign(r -> devicesEndingWithThePacemaker(r, 501))),
                "prefetch.devices.entry has 501 resources");
    }

    /** The order's code given first in {@code foreign} other systems, then as CPT 0600T. */
    private static void codingsBeforeTheIreCode(ObjectNode request, int foreign) {
        ArrayNode coding = (ArrayNode) order(request).path("code").path("coding");
        ObjectNode ire = (ObjectNode) coding.remove(0);
        for (int i = 0; i < foreign; i++) {
            coding.addObject()
                    .put("system", "http://ehr.example.org/local-procedure-codes")
                    .put("code", "P" + i);
        }
        coding.add(ire);
    }

    private static void ordersInAll(ObjectNode request, int orders) {
        ArrayNode entries =
                (ArrayNode) request.path("context").path("draftOrders").path("entry");
        ObjectNode first = (ObjectNode) entries.get(0);
        for (int i = 2; i <= orders; i++) {
            ObjectNode entry = first.deepCopy();
            entry.put("fullUrl", "https://ehr.example.org/fhir/ServiceRequest/ire-" + i);
            ((ObjectNode) entry.get("resource")).put("id", "ire-" + i);
            entries.add(entry);
        }
    }

    private static void devicesEndingWithThePacemaker(ObjectNode request, int devices) {
        ArrayNode entries = (ArrayNode) request.path("prefetch").path("devices").path("entry");
        ObjectNode pacemaker = (ObjectNode) entries.remove(0);
        for (int i = 1; i < devices; i++) {
            ObjectNode hearingAid = entries.addObject();
            hearingAid.put("fullUrl", "http://ehr.example.org/fhir/Device/dev-" + i);
            ObjectNode device = hearingAid
                    .putObject("resource")
                    .put("resourceType", "Device")
                    .put("id", "dev-" + i)
                    .put("status", "active");
            device.putObject("type")
                    .putArray("coding")
                    .addObject()
                    .put("system", "http://snomed.info/sct")
                    .put("code", "6012004")
                    .put("display", "Hearing aid");
            device.putObject("patient").put("reference", "Patient/pat-1");
        }
        entries.add(pacemaker);
    }

    private static ObjectNode order(ObjectNode request) {
        return (ObjectNode)
                request.path("context").path("draftOrders").path("entry").get(0).get("resource");
    }

    private static String orderSign(Consumer<ObjectNode> change) {
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(fixture("requests/order-sign-ire-pacemaker-device.json"));
            change.accept(request);
            return JSON.writeValueAsString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ValidatableResponse post(String body) {
        return callService("crd-order-sign", body);
    }

    private static void assertRefused(ValidatableResponse response, String problem) {
        response.statusCode(400)
                .contentType(ContentType.JSON)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.diagnostics", hasItem(containsString(problem)))
                .body(not(containsString("at org.")));
    }
}
