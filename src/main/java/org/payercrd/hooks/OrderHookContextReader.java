package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.payercrd.Problems;
import org.payercrd.fhir.DraftOrders;
import org.payercrd.fhir.FhirId;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.RelativeReference;
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
        String userId = ContextFields.requiredText(context, "userId", problems);
        String patientId = ContextFields.requiredId(context, "patientId", problems);
        String encounterId = ContextFields.optionalText(context, "encounterId", problems);
        Bundle bundle = ContextFields.requiredBundle(fhirJson, context, "draftOrders", "the draft orders", problems);
        if (bundle != null) {
            // Each order's id is stored in the audit as its reference and quoted in the answer: a FHIR id or nothing.
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                var entry = bundle.getEntry().get(i);
                if (entry.hasResource() && entry.getResource().getIdElement().hasIdPart()
                        && !FhirId.isValid(entry.getResource().getIdElement().getIdPart())) {
                    problems.add("context.draftOrders.entry[" + i + "].resource.id must be a FHIR id "
                            + "(1-64 letters, digits, '-' or '.')");
                }
            }
        }
        Set<String> selections = new LinkedHashSet<>();
        if (ORDER_SELECT.equals(hook)) {
            JsonNode selected = context.get("selections");
            if (selected == null || !selected.isArray() || selected.isEmpty()) {
                problems.add("context.selections is required for order-select: an array of the selected orders' ResourceType/id");
            } else {
                for (JsonNode selection : selected) {
                    if (ContextFields.isReference(selection)) {
                        selections.add(RelativeReference.from(selection.asText()));
                    } else {
                        problems.add("context.selections must hold ResourceType/id strings, found " + selection);
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
