package org.payercrd.fhir;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the service knows of the patient for one hook call: the resources from prefetch (and, where prefetch was
 * missing, from the EHR's FHIR server), plus notes on what could not be read.
 *
 * @param unavailable the prefetch keys whose data could not be had, so that cards can say what was not checked
 */
public record PatientData(String patientId, List<Resource> resources, List<String> unavailable) {

    public static PatientData empty(String patientId) {
        return new PatientData(patientId, List.of(), List.of());
    }

    public String patientReference() {
        return "Patient/" + patientId;
    }

    public Optional<Patient> patient() {
        return resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst();
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
