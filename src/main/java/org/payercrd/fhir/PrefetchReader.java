package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads the resources an EHR prefetched. A key holding a Bundle contributes its entries; a key holding one
 * resource contributes it; a key holding JSON {@code null} means the EHR knows there is nothing; a key holding an
 * OperationOutcome means the EHR could not fetch it.
 */
@Component
public class PrefetchReader {

    private final FhirJson fhirJson;

    public PrefetchReader(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    public PatientData read(String patientId, Map<String, JsonNode> prefetch) {
        List<Resource> resources = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        prefetch.forEach((key, json) -> {
            if (json == null || json.isNull()) {
                return;
            }
            IBaseResource resource = fhirJson.parseAny(json, "prefetch." + key);
            if (resource instanceof OperationOutcome) {
                unavailable.add(key);
            } else if (resource instanceof Bundle bundle) {
                bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
                        .forEach(e -> resources.add(e.getResource()));
            } else {
                resources.add((Resource) resource);
            }
        });
        return new PatientData(patientId, List.copyOf(resources), List.copyOf(unavailable));
    }
}
