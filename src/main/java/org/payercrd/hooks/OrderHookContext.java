package org.payercrd.hooks;

import java.util.Set;
import org.payercrd.fhir.DraftOrders;

/**
 * The context of an order hook (order-select, order-sign), read and checked.
 *
 * @param selections order-select's selected orders ({@code ResourceType/id}); empty for order-sign
 */
public record OrderHookContext(
        String userId,
        String patientId,
        String encounterId,
        DraftOrders draftOrders,
        Set<String> selections) {

    /** The orders to review: for order-select only the selected ones, for order-sign all of them. */
    public DraftOrders ordersUnderReview(String hook) {
        return "order-select".equals(hook) ? draftOrders.selected(selections) : draftOrders;
    }
}
