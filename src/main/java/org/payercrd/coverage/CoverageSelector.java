package org.payercrd.coverage;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.payercrd.fhir.PatientData;
import org.springframework.stereotype.Component;

/**
 * Picks the coverage an order will be billed to: the Coverage the order itself names in {@code insurance}, when
 * the data holds it, otherwise the patient's first active Coverage.
 */
@Component
public class CoverageSelector {

    public Optional<Coverage> coverageFor(Resource order, PatientData data) {
        List<Coverage> coverages = data.coverages().stream().filter(CoverageSelector::isActive).toList();
        if (order instanceof ServiceRequest request) {
            for (Reference insurance : request.getInsurance()) {
                Optional<Coverage> named = coverages.stream()
                        .filter(c -> insurance.getReferenceElement().getIdPart() != null
                                && insurance.getReferenceElement().getIdPart().equals(c.getIdPart()))
                        .findFirst();
                if (named.isPresent()) {
                    return named;
                }
            }
        }
        return coverages.stream().findFirst();
    }

    private static boolean isActive(Coverage coverage) {
        return !coverage.hasStatus() || coverage.getStatus() == Coverage.CoverageStatus.ACTIVE;
    }
}
