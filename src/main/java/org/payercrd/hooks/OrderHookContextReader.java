package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.payercrd.Problems;
import org.payercrd.fhir.DraftOrders;
import org.payercrd.fhir.FhirJson;
import org.springframework.stereotype.Component;

/** order-select and order-sign: {@code userId}, {@code patientId}, the {@code draftOrders} Bundle, and for order-select {@code selections}. */
@Component
class OrderHookContextReader implements HookContextReader {

    static final String ORDER_SELECT = "order-select";

    private final FhirJson fhirJson;

    OrderHookContextReader(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    @Override
    public Set<String> hooks() {
        return Set.of(ORDER_SELECT, "order-sign");
    }

    @Override
    public HookContext read(String hook, JsonNode context, Problems problems) {
        Problems.Checkpoint before = problems.checkpoint();
        String userId = ContextFields.requiredReference(context, "userId", problems);
        String patientId = ContextFields.requiredId(context, "patientId", problems);
        String encounterId = ContextFields.optionalId(context, "encounterId", problems);
        Bundle bundle = ContextFields.requiredBundle(fhirJson, context, "draftOrders", "the draft orders", problems);
        // The orders' ids were checked with every resource id of the request (HookRequestReader).
        Set<String> selections = new LinkedHashSet<>();
        if (ORDER_SELECT.equals(hook)) {
            JsonNode selected = context.get("selections");
            if (selected == null || !selected.isArray() || selected.isEmpty()) {
                problems.add(
                        "context.selections is required for order-select: an array of the selected orders' ResourceType/id");
            } else {
                for (int i = 0; i < selected.size(); i++) {
                    String reference =
                            ContextFields.reference(selected.get(i), "context.selections[" + i + "]", problems);
                    if (reference != null) {
                        selections.add(reference);
                    }
                }
            }
        }
        if (before.foundAny()) {
            return null;
        }
        return new OrderHookContext(userId, patientId, encounterId, DraftOrders.from(bundle), Set.copyOf(selections));
    }
}
