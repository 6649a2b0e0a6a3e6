package org.payercrd.audit;

import java.util.List;

/** Feedback about cards this service never returned (from this CDS Service). */
public class UnknownCardException extends RuntimeException {

    private final List<String> cards;

    public UnknownCardException(String serviceId, List<String> cards) {
        super("Unknown card(s) for service " + serviceId + ": " + String.join(", ", cards)
                + "; feedback must name the uuid of a card this service returned");
        this.cards = List.copyOf(cards);
    }

    public List<String> cards() {
        return cards;
    }
}
