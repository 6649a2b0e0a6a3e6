package org.payercrd.review;

import java.util.List;
import org.payercrd.hooks.Action;

/**
 * One order of a call as it was answered: which of the response's cards are about it and which system action carries
 * its coverage assertions, so that an answer can be taken apart order by order (see
 * {@link ReviewResult#withoutAssertions(String)}).
 *
 * @param orderReference      the order as {@code ResourceType/id}
 * @param cardUuids           the uuids of its cards, in the order the review made them (some may have been capped
 *                            out of the response)
 * @param coverageInformation the {@code update} action carrying its coverage assertions, or {@code null} when none
 *                            was made
 */
public record ReviewedOrder(String orderReference, List<String> cardUuids, Action coverageInformation) {

    public boolean asserted() {
        return coverageInformation != null;
    }
}
