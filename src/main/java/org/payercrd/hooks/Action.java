package org.payercrd.hooks;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A CDS Hooks action: {@code create} and {@code update} carry a FHIR {@code resource}, {@code delete} a
 * {@code resourceId}. The resource is written with HAPI's JSON encoder, never by hand.
 */
public record Action(String type, String description, IBaseResource resource, String resourceId) {

    public static Action update(String description, IBaseResource resource) {
        return new Action("update", description, resource, null);
    }

    /** This action with another description, everything else unchanged. */
    public Action withDescription(String newDescription) {
        return new Action(type, newDescription, resource, resourceId);
    }
}
