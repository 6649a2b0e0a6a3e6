package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.payercrd.Problems;
import org.payercrd.fhir.FhirJson;
import org.springframework.stereotype.Component;

/**
 * order-dispatch: {@code patientId}, {@code performer}, and the orders as references: {@code dispatchedOrders}
 * (CDS Hooks order-dispatch STU1, CRD 2.2) or the single {@code order} of CRD 2.0.1, which the Inferno suite
 * still sends. Fulfilment Tasks come as {@code fulfillmentTasks} (2.2) or one {@code task} (2.0.1).
 */
@Component
class OrderDispatchContextReader implements HookContextReader {

    private final FhirJson fhirJson;

    OrderDispatchContextReader(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    @Override
    public Set<String> hooks() {
        return Set.of("order-dispatch");
    }

    @Override
    public HookContext read(String hook, JsonNode context, Problems problems) {
        Problems.Checkpoint before = problems.checkpoint();
        String patientId = ContextFields.requiredId(context, "patientId", problems);
        String performer = ContextFields.requiredReference(context, "performer", problems);
        Set<String> orders = new LinkedHashSet<>();
        JsonNode dispatched = context.get("dispatchedOrders");
        if (dispatched != null && !dispatched.isNull()) {
            if (!dispatched.isArray()) {
                problems.add("context.dispatchedOrders must be an array of ResourceType/id references");
            } else {
                for (int i = 0; i < dispatched.size(); i++) {
                    // Each is stored in the audit as the order's reference and quoted in the answer.
                    String reference =
                            ContextFields.reference(dispatched.get(i), "context.dispatchedOrders[" + i + "]", problems);
                    if (reference != null) {
                        orders.add(reference);
                    }
                }
            }
        }
        JsonNode order = context.get("order");
        if (order != null && !order.isNull()) {
            String reference = ContextFields.reference(order, "context.order", problems);
            if (reference != null) {
                orders.add(reference);
            }
        }
        if (orders.isEmpty() && !before.foundAny()) {
            problems.add("context.dispatchedOrders is required: the references of the orders being dispatched"
                    + " (CRD 2.0.1 clients may send one in context.order)");
        }
        List<Resource> tasks = new ArrayList<>(ContextFields.resources(
                fhirJson, Task.class, context.get("fulfillmentTasks"), "context.fulfillmentTasks", problems));
        JsonNode task = context.get("task");
        if (task != null && !task.isNull()) {
            Task single = ContextFields.resource(fhirJson, Task.class, task, "context.task", problems);
            if (single != null) {
                tasks.add(single);
            }
        }
        if (before.foundAny()) {
            return null;
        }
        return new OrderDispatchContext(patientId, List.copyOf(orders), performer, List.copyOf(tasks));
    }
}
