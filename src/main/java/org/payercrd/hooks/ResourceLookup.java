package org.payercrd.hooks;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * The patient data a hook call can see (context resources, prefetch and whatever else the service fetched),
 * searched by reference. Hooks that name orders by reference resolve them here.
 */
public interface ResourceLookup {

    /** The resource a relative reference ({@code ServiceRequest/123}) names, when the data holds it. */
    Optional<Resource> find(String reference);

    List<Resource> all();

    static ResourceLookup of(List<Resource> resources) {
        return new ResourceLookup() {
            @Override
            public Optional<Resource> find(String reference) {
                String wanted = relative(reference);
                return resources.stream().filter(r -> wanted.equals(r.fhirType() + "/" + r.getIdPart())).findFirst();
            }

            @Override
            public List<Resource> all() {
                return resources;
            }
        };
    }

    /** {@code https://ehr/fhir/ServiceRequest/1/_history/2} and {@code ServiceRequest/1} name the same order. */
    static String relative(String reference) {
        if (reference == null) {
            return "";
        }
        String[] parts = reference.split("/");
        int history = reference.indexOf("/_history/");
        if (history >= 0) {
            parts = reference.substring(0, history).split("/");
        }
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : reference;
    }
}
