package org.payercrd.fhir;

import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR relative reference, {@code Type/id}: how a hook names its orders and the patient, how prefetch keys and
 * the patient data are matched, how an order is named in a card's assertion. One place builds and reads them.
 */
public final class RelativeReference {

    private static final String HISTORY = "/_history/";

    private RelativeReference() {}

    /** {@code Type/id} of a resource, as the EHR's data names it. */
    public static String of(Resource resource) {
        return of(resource.fhirType(), resource.getIdPart());
    }

    public static String of(String type, String id) {
        return type + "/" + id;
    }

    /**
     * {@code https://ehr/fhir/ServiceRequest/1/_history/2} and {@code ServiceRequest/1} name the same order; a
     * reference that is not {@code Type/id} is returned as it is, and no reference as "".
     */
    public static String from(String reference) {
        if (reference == null) {
            return "";
        }
        String[] parts = reference.split("/");
        int history = reference.indexOf(HISTORY);
        if (history >= 0) {
            parts = reference.substring(0, history).split("/");
        }
        return parts.length >= 2 ? of(parts[parts.length - 2], parts[parts.length - 1]) : reference;
    }

    /** The id of {@code Type/id}: all that follows the first '/'. */
    public static String idOf(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }
}
