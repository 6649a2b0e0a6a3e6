package org.payercrd.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the service knows of the patient for one hook call: the resources from prefetch (and, where prefetch was
 * missing, from the EHR's FHIR server), plus notes on what could not be read.
 *
 * @param unavailable the prefetch keys whose data could not be had, so that cards can say what was not checked
 */
public record PatientData(String patientId, List<Resource> resources, List<String> unavailable) {

    /**
     * This data less the resources the hook's context already carries (same type and id): a draft order sent again
     * in prefetch is one order, and the context's copy, being what the clinician is signing, is the one used.
     */
    public PatientData withoutCopiesOf(List<Resource> contextResources) {
        return new PatientData(patientId, List.copyOf(DistinctResources.without(resources, contextResources,
                "the hook's context and the prefetch; the context's copy is used")), unavailable);
    }

    public String patientReference() {
        return RelativeReference.of("Patient", patientId);
    }

    public List<Coverage> coverages() {
        return resources.stream().filter(Coverage.class::isInstance).map(Coverage.class::cast).toList();
    }

    /** The data as a collection Bundle, which CQL retrieves search. */
    public Bundle asBundle() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        resources.forEach(r -> bundle.addEntry().setResource(r));
        return bundle;
    }
}
