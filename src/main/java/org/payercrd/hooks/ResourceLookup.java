package org.payercrd.hooks;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.RelativeReference;

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
                String wanted = RelativeReference.from(reference);
                return resources.stream()
                        .filter(r -> wanted.equals(RelativeReference.of(r)))
                        .findFirst();
            }

            @Override
            public List<Resource> all() {
                return resources;
            }
        };
    }
}
