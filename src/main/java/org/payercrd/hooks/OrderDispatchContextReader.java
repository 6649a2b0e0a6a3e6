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
import org.payercrd.fhir.RelativeReference;
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
        String performer = ContextFields.requiredText(context, "performer", problems);
        Set<String> orders = new LinkedHashSet<>();
        JsonNode dispatched = context.get("dispatchedOrders");
        if (dispatched != null && !dispatched.isNull()) {
            if (!dispatched.isArray()) {
                problems.add("context.dispatchedOrders must be an array of ResourceType/id references");
            } else {
                for (JsonNode reference : dispatched) {
                    if (ContextFields.isReference(reference)) {
                        orders.add(RelativeReference.from(reference.asText()));
                    } else {
                        problems.add("context.dispatchedOrders must hold ResourceType/id references, found " + reference);
                    }
                }
            }
        }
        JsonNode order = context.get("order");
        if (order != null && !order.isNull()) {
            if (ContextFields.isReference(order)) {
                orders.add(RelativeReference.from(order.asText()));
            } else {
                problems.add("context.order must be a ResourceType/id reference, found " + order);
            }
        }
        if (orders.isEmpty() && !before.foundAny()) {
            problems.add("context.dispatchedOrders is required: the references of the orders being dispatched"
                    + " (CRD 2.0.1 clients may send one in context.order)");
        }
        List<Resource> tasks = new ArrayList<>(ContextFields.resources(fhirJson, Task.class,
                context.get("fulfillmentTasks"), "context.fulfillmentTasks", problems));
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
