package org.payercrd.review;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.policy.OrderEvaluation;

/**
 * What the payer's policies say about one order: the cards for the clinician and, when a policy recorded a
 * coverage assertion, the update of the order that carries it.
 *
 * @param coverageInformation the {@code update} system action with the annotated order, or {@code null}
 * @param assertions          the assertions that action carries, as the audit records them
 * @param evaluations         by policy id, the evaluation of this order, kept (not read) so that tests and tools can
 *                            ask {@link #evaluated()} afterwards; the call drops it with the assessment
 */
public record OrderAssessment(
        List<Card> cards,
        Action coverageInformation,
        List<OrderAssertion> assertions,
        Map<String, OrderEvaluation> evaluations) {

    /** For an order none of this payer's policies may speak about: no CQL evaluated. */
    public static final OrderAssessment NOTHING = new OrderAssessment(List.of(), null, List.of(), Map.of());

    /**
     * By policy id, the CQL expression definitions evaluated for this order (those asked for and those they refer
     * to): only what the actions that may fire needed. Read from the engines' caches when asked, not on the request
     * path, which never asks.
     */
    public Map<String, Set<String>> evaluated() {
        Map<String, Set<String>> byPolicy = new LinkedHashMap<>();
        evaluations.forEach((policy, evaluation) -> byPolicy.put(policy, evaluation.evaluated()));
        return Collections.unmodifiableMap(byPolicy);
    }
}
