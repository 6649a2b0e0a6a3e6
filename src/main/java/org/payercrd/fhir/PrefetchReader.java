package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.PatientData.KeyOutcome;
import org.payercrd.fhir.PatientData.Source;
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
        Map<String, KeyOutcome> keys = new LinkedHashMap<>();
        readEntries(prefetch).values().forEach(entry -> {
            resources.addAll(entry.resources());
            keys.put(entry.key(), entry.outcome());
        });
        return new PatientData(patientId, List.copyOf(resources), Collections.unmodifiableMap(keys), 0);
    }

    /** Each prefetch key the EHR sent, read, in the EHR's order. */
    public Map<String, PrefetchEntry> readEntries(Map<String, JsonNode> prefetch) {
        Map<String, PrefetchEntry> entries = new LinkedHashMap<>();
        prefetch.forEach((key, json) -> entries.put(key, readEntry(key, json)));
        return entries;
    }

    private PrefetchEntry readEntry(String key, JsonNode json) {
        if (json == null || json.isNull()) {
            return new PrefetchEntry(key, PrefetchEntry.Status.KNOWN_ABSENT, List.of(), null);
        }
        IBaseResource resource = fhirJson.parseAny(json, "prefetch." + key);
        if (resource instanceof OperationOutcome) {
            return new PrefetchEntry(key, PrefetchEntry.Status.NOT_PROVIDED, List.of(), null);
        }
        return new PrefetchEntry(
                key,
                PrefetchEntry.Status.PROVIDED,
                resourcesIn(resource),
                resource instanceof Bundle bundle ? mainEntries(bundle) : null);
    }

    /**
     * A Bundle's answers to its search: entries not marked {@code include} or {@code outcome}. A collection Bundle
     * (what the CRD request generator sends) has no search modes, so all its entries are main unless marked.
     */
    private static List<Resource> mainEntries(Bundle bundle) {
        return bundle.getEntry().stream()
                .filter(Bundle.BundleEntryComponent::hasResource)
                .filter(e -> !e.hasSearch()
                        || e.getSearch().getMode() == null
                        || e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH
                        || e.getSearch().getMode() == Bundle.SearchEntryMode.NULL)
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> !(r instanceof OperationOutcome))
                .toList();
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
     * @param mainEntries for a Bundle, its entries that answer the search (not {@code _include}d ones); null when
     *                    the key held a single resource or nothing
     */
    public record PrefetchEntry(String key, Status status, List<Resource> resources, List<Resource> mainEntries) {

        public enum Status {
            PROVIDED,
            KNOWN_ABSENT,
            NOT_PROVIDED
        }

        /** Where this key's data came from, as the patient data reports it. */
        KeyOutcome outcome() {
            return switch (status) {
                case PROVIDED -> new KeyOutcome(Source.PREFETCHED, resources.size(), null);
                case KNOWN_ABSENT -> new KeyOutcome(Source.KNOWN_ABSENT, 0, null);
                case NOT_PROVIDED ->
                    new KeyOutcome(Source.FAILED, 0, "the EHR answered its prefetch with an OperationOutcome");
            };
        }
    }
}
