package org.payercrd.hooks;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.DraftOrders;

/**
 * The context of order-select and order-sign: the draft orders, and for order-select the ones just selected.
 *
 * @param selections order-select's selected orders ({@code ResourceType/id}); empty for order-sign, which
 *                   reviews every draft order
 */
public record OrderHookContext(
        String userId, String patientId, String encounterId, DraftOrders draftOrders, Set<String> selections)
        implements HookContext {

    @Override
    public List<Resource> contextResources() {
        return draftOrders.orders();
    }

    @Override
    public List<Resource> ordersUnderReview(ResourceLookup data) {
        return selections.isEmpty()
                ? draftOrders.orders()
                : draftOrders.selected(selections).orders();
    }
}
