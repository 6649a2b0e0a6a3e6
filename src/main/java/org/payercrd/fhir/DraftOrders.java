package org.payercrd.fhir;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The orders a hook carries: every resource of {@code context.draftOrders}, in the order the EHR sent them.
 */
public record DraftOrders(List<Resource> orders) {

    public static DraftOrders from(Bundle bundle) {
        return new DraftOrders(bundle.getEntry().stream()
                .filter(Bundle.BundleEntryComponent::hasResource)
                .map(Bundle.BundleEntryComponent::getResource)
                .toList());
    }

    /**
     * The orders named in order-select's {@code selections}, each as {@code ResourceType/id}.
     */
    public DraftOrders selected(Set<String> selections) {
        return new DraftOrders(orders.stream()
                .filter(o -> selections.contains(RelativeReference.of(o)))
                .toList());
    }
}
