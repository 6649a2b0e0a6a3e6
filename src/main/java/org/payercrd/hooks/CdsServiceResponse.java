package org.payercrd.hooks;

import java.util.List;

/**
 * A CDS Hooks 2.0 response. {@code cards} is always present (possibly empty); {@code systemActions} is
 * present whenever the hook may carry coverage information, so that clients and test kits see an array.
 */
public record CdsServiceResponse(List<Card> cards, List<Action> systemActions) {

    public static CdsServiceResponse empty() {
        return new CdsServiceResponse(List.of(), List.of());
    }
}
