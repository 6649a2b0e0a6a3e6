package org.payercrd.fhir;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the service knows of the patient for one hook call: the resources from prefetch (and, where prefetch was
 * missing, from the EHR's FHIR server), and where each prefetch key's data came from, for the cards (what was not
 * checked), the debug log and the audit record.
 *
 * @param keys           each prefetch key of the call, in the EHR's order then the service's, and where its data
 *                       came from
 * @param gatheringMillis how long gathering the data took
 */
public record PatientData(
        String patientId, List<Resource> resources, Map<String, KeyOutcome> keys, long gatheringMillis) {

    public enum Source {
        /** The EHR prefetched it. */
        PREFETCHED,
        /** The EHR prefetched JSON null: it knows there is nothing. */
        KNOWN_ABSENT,
        /** Read from the EHR's FHIR server. */
        FETCHED,
        /** Needed but not had: no server or token to read it with, or the read failed or ran out of time. */
        FAILED,
        /** The template needs a context value this call does not carry (e.g. no encounter): nothing to read. */
        NOT_APPLICABLE
    }

    /**
     * @param detail for a failure, why (no token, timeout, HTTP status...); for a template answered under another
     *               key, which; never the token or patient data
     */
    public record KeyOutcome(Source source, int resources, String detail) {}

    public List<String> keysFrom(Source source) {
        return keys.entrySet().stream()
                .filter(e -> e.getValue().source() == source)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The prefetch keys whose data could not be had, so that cards can say what was not checked. */
    public List<String> unavailable() {
        return keysFrom(Source.FAILED);
    }

    /**
     * This data less the resources the hook's context already carries (same type and id): a draft order sent again
     * in prefetch is one order, and the context's copy, being what the clinician is signing, is the one used.
     */
    public PatientData withoutCopiesOf(List<Resource> contextResources) {
        return new PatientData(
                patientId,
                List.copyOf(DistinctResources.without(
                        resources,
                        contextResources,
                        "the hook's context and the prefetch; the context's copy is used")),
                keys,
                gatheringMillis);
    }

    public String patientReference() {
        return RelativeReference.of("Patient", patientId);
    }

    public List<Coverage> coverages() {
        return resources.stream()
                .filter(Coverage.class::isInstance)
                .map(Coverage.class::cast)
                .toList();
    }

    /** The data as a collection Bundle, which CQL retrieves search. */
    public Bundle asBundle() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        resources.forEach(r -> bundle.addEntry().setResource(r));
        return bundle;
    }
}
