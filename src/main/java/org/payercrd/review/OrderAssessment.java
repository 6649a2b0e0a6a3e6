package org.payercrd.review;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;

/**
 * What the payer's policies say about one order: the cards for the clinician and, when a policy recorded a
 * coverage assertion, the update of the order that carries it.
 *
 * @param coverageInformation the {@code update} system action with the annotated order, or {@code null}
 * @param assertions          the assertions that action carries, as the audit records them
 * @param evaluated           by policy id, the CQL expression definitions evaluated for this order (those asked
 *                            for and those they refer to): only what the actions that may fire needed
 */
public record OrderAssessment(List<Card> cards, Action coverageInformation, List<OrderAssertion> assertions,
        Map<String, Set<String>> evaluated) {

    /** For an order none of this payer's policies may speak about: no CQL evaluated. */
    public static final OrderAssessment NOTHING = new OrderAssessment(List.of(), null, List.of(), Map.of());
}
