package org.payercrd.hooks;

import java.util.List;

/**
 * A CDS Hooks 2.0 response. {@code cards} and {@code systemActions} are always present (possibly empty): CRD
 * clients and the Inferno suite expect a {@code systemActions} array from order-sign, order-dispatch and
 * appointment-book, and an empty one costs the other hooks nothing.
 */
public record CdsServiceResponse(List<Card> cards, List<Action> systemActions) {

    public static CdsServiceResponse empty() {
        return new CdsServiceResponse(List.of(), List.of());
    }
}
