package org.payercrd.hooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.payercrd.RunningService;

/** A context that breaks its hook's definition is the EHR's error: 400 and an OperationOutcome naming the field. */
class HookContextValidationTest extends RunningService {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} without context.{2}")
    @CsvSource({
        "crd-order-sign, requests/order-sign-ire-0600T.json, draftOrders, context.draftOrders is required",
        "crd-order-select, conformance/order-select/ire-0601T-selected.json, selections, context.selections is required",
        "crd-order-dispatch, conformance/order-dispatch/ire-dispatched-orders-v22.json, performer, context.performer is required",
        "crd-order-dispatch, conformance/order-dispatch/ire-dispatched-orders-v22.json, dispatchedOrders, context.dispatchedOrders is required",
        "crd-appointment-book, conformance/appointment-book/ire-appointment-based-on-order.json, appointments, context.appointments is required",
        "crd-appointment-book, conformance/appointment-book/ire-appointment-based-on-order.json, userId, context.userId is required",
        "crd-encounter-start, conformance/encounter-start/ire-order-pending-for-encounter.json, encounterId, context.encounterId is required",
        "crd-encounter-discharge, conformance/encounter-discharge/ire-order-pending-for-encounter.json, patientId, context.patientId is required"
    })
    void aMissingRequiredContextFieldIsA400NamingIt(String service, String fixture, String field, String message)
            throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(fixture(fixture));
        ((ObjectNode) body.get("context")).remove(field);

        callService(service, body.toString())
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.diagnostics.toString()", containsString(message));
    }

    @ParameterizedTest(name = "{0} with a request for hook {2}")
    @CsvSource({
        "crd-encounter-start, conformance/encounter-discharge/inferno-prefetch-encounter.json, encounter-discharge",
        "crd-order-dispatch, requests/order-sign-ire-0600T.json, order-sign"
    })
    void aRequestForAnotherHookIsA400(String service, String fixture, String hook) {
        callService(service, fixture(fixture))
                .statusCode(400)
                .body(
                        "issue.diagnostics.toString()",
                        containsString("hook '" + hook + "' does not match this service"));
    }
}
