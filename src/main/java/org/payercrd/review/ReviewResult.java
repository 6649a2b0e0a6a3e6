package org.payercrd.review;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.payercrd.cards.CardTypeSystems;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.PatientData;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.hooks.CdsServiceResponse;

/**
 * What one hook call produced: the response for the EHR, the coverage assertions it carries (which the payer must
 * be able to look up later), each order reviewed with its cards and coverage action, and where the patient data the
 * review worked from came from.
 *
 * @param orders each order under review, in the order of the request
 */
public record ReviewResult(
        CdsServiceResponse response, List<OrderAssertion> assertions, List<ReviewedOrder> orders, PatientData data) {

    /** Each order under review as {@code ResourceType/id}. */
    public List<String> ordersReviewed() {
        return orders.stream().map(ReviewedOrder::orderReference).toList();
    }

    /**
     * The answer to give when the payer cannot record this call: every card still goes out (a contraindication card
     * is a safety notice the clinician needs whatever the payer's records), but no coverage assertion does, since
     * the payer could not honour an assertion it has no record of. Every coverage-information action is left out,
     * and on each order whose assertion is withheld, the first of its cards in the response whose CRD card type is
     * {@code coverage-info} ends with {@code sentence}, so that the clinician knows to re-check coverage.
     */
    public ReviewResult withoutAssertions(String sentence) {
        Set<Action> withheld = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Card> cards = new ArrayList<>(response.cards());
        List<ReviewedOrder> unasserted = new ArrayList<>(orders.size());
        for (ReviewedOrder order : orders) {
            if (order.asserted()) {
                withheld.add(order.coverageInformation());
                noteOnFirstCoverageCard(cards, order, sentence);
            }
            unasserted.add(new ReviewedOrder(order.orderReference(), order.cardUuids(), null));
        }
        List<Action> systemActions = response.systemActions().stream()
                .filter(action -> !withheld.contains(action))
                .toList();
        return new ReviewResult(
                new CdsServiceResponse(List.copyOf(cards), systemActions), List.of(), List.copyOf(unasserted), data);
    }

    private static void noteOnFirstCoverageCard(List<Card> cards, ReviewedOrder order, String sentence) {
        for (int i = 0; i < cards.size(); i++) {
            Card card = cards.get(i);
            if (order.cardUuids().contains(card.uuid()) && CardTypeSystems.isCoverageInformation(card)) {
                cards.set(i, card.withParagraph(sentence));
                return;
            }
        }
    }
}
