package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Prefetch alone, without any read from the EHR's FHIR server. */
    public PatientData read(String patientId, Map<String, JsonNode> prefetch) {
        List<Resource> resources = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        readEntries(prefetch).values().forEach(entry -> {
            resources.addAll(entry.resources());
            if (entry.status() == PrefetchEntry.Status.NOT_PROVIDED) {
                unavailable.add(entry.key());
            }
        });
        return new PatientData(patientId, List.copyOf(resources), List.copyOf(unavailable));
    }

    /** Each prefetch key the EHR sent, read, in the EHR's order. */
    public Map<String, PrefetchEntry> readEntries(Map<String, JsonNode> prefetch) {
        Map<String, PrefetchEntry> entries = new LinkedHashMap<>();
        prefetch.forEach((key, json) -> entries.put(key, readEntry(key, json)));
        return entries;
    }

    private PrefetchEntry readEntry(String key, JsonNode json) {
        if (json == null || json.isNull()) {
            return new PrefetchEntry(key, PrefetchEntry.Status.KNOWN_ABSENT, List.of());
        }
        IBaseResource resource = fhirJson.parseAny(json, "prefetch." + key);
        if (resource instanceof OperationOutcome) {
            return new PrefetchEntry(key, PrefetchEntry.Status.NOT_PROVIDED, List.of());
        }
        return new PrefetchEntry(key, PrefetchEntry.Status.PROVIDED, resourcesIn(resource));
    }

    /** The patient data a read or search answer holds: a Bundle's entries (less search outcomes) or the resource. */
    static List<Resource> resourcesIn(IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            return bundle.getEntry().stream()
                    .filter(Bundle.BundleEntryComponent::hasResource)
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> !(r instanceof OperationOutcome))
                    .toList();
        }
        return List.of((Resource) resource);
    }

    /**
     * One prefetch key as sent.
     *
     * @param status {@code PROVIDED} (data, possibly none), {@code KNOWN_ABSENT} (JSON null: the EHR knows there is
     *               nothing) or {@code NOT_PROVIDED} (an OperationOutcome: the EHR could not prefetch it)
     */
    public record PrefetchEntry(String key, Status status, List<Resource> resources) {

        public enum Status { PROVIDED, KNOWN_ABSENT, NOT_PROVIDED }
    }
}
