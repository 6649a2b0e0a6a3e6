package org.payercrd.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.RelativeReference;

/**
 * The context of order-dispatch: signed orders being sent to a performer. CRD 2.2 (CDS Hooks order-dispatch
 * STU1) names them in {@code dispatchedOrders}; CRD 2.0.1, and the Inferno suite, name one in {@code order}.
 * Either way the orders are references, resolved from the patient data.
 *
 * @param dispatchedOrders references to the orders, {@code ResourceType/id}
 * @param performer        who will perform them, a reference
 * @param fulfillmentTasks the Tasks that ask the performer to act, when sent
 */
public record OrderDispatchContext(
        String patientId, List<String> dispatchedOrders, String performer, List<Resource> fulfillmentTasks)
        implements HookContext {

    @Override
    public List<Resource> contextResources() {
        return fulfillmentTasks;
    }

    /** Dispatched orders the data holds; one the data lacks cannot be reviewed and is left out. */
    @Override
    public List<Resource> ordersUnderReview(ResourceLookup data) {
        Map<String, Resource> orders = new LinkedHashMap<>();
        for (String reference : dispatchedOrders) {
            data.find(reference).ifPresent(order -> orders.putIfAbsent(RelativeReference.from(reference), order));
        }
        return new ArrayList<>(orders.values());
    }
}
