package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.PrefetchReader.PrefetchEntry;

/**
 * Whether what the EHR prefetched, under whatever keys, already answers one of our prefetch templates. EHRs and
 * test clients that never read our discovery (the Da Vinci CRD request generator among them) send their own keys,
 * such as {@code coverageBundle}; the data is no less the patient's for it, and reading it again from the EHR, or
 * telling the clinician it was not checked, would be wrong.
 *
 * <ul>
 *   <li>A read template ({@code Patient/{{context.patientId}}}) is answered by a resource of that type and id under
 *       any key, {@code _include}d entries of a Bundle too.</li>
 *   <li>A search template is answered only when it searches by the patient alone ({@code {{context.patientId}}}
 *       its only token), and a Bundle under some key has at least one main (not {@code _include}d) entry, all of
 *       the template's type, each referencing the patient. That Bundle is then taken as the EHR's answer to a
 *       search of that type for this patient; its other parameters (such as {@code status=active}) are not
 *       re-applied, as the EHR chose what to send just as it would for our own key. A search scoped by anything
 *       else (an encounter, a user) is answered only by its own key: a Bundle of the patient's orders says nothing
 *       of which belong to this encounter.</li>
 * </ul>
 */
final class PrefetchContent {

    private static final String PATIENT_TOKEN = "context.patientId";

    private final FhirContext fhirContext;
    private final Collection<PrefetchEntry> entries;
    private final String patientId;

    PrefetchContent(FhirContext fhirContext, Collection<PrefetchEntry> entries, String patientId) {
        this.fhirContext = fhirContext;
        this.entries = entries;
        this.patientId = patientId;
    }

    /** The key whose data answers this template, resolved to {@code resolvedUrl} for this call; empty if none. */
    Optional<String> keyAnswering(PrefetchTemplate template, String resolvedUrl) {
        if (template.read()) {
            String wanted = RelativeReference.of(template.resourceType(), RelativeReference.idOf(resolvedUrl));
            return entries.stream()
                    .filter(e -> e.resources().stream().anyMatch(r -> wanted.equals(DistinctResources.identity(r))))
                    .map(PrefetchEntry::key)
                    .findFirst();
        }
        if (patientId == null || !template.tokens().equals(Set.of(PATIENT_TOKEN))) {
            return Optional.empty();
        }
        return entries.stream()
                .filter(e -> answersPatientSearch(e.mainEntries(), template.resourceType()))
                .map(PrefetchEntry::key)
                .findFirst();
    }

    private boolean answersPatientSearch(List<Resource> mainEntries, String resourceType) {
        return mainEntries != null
                && !mainEntries.isEmpty()
                && mainEntries.stream().allMatch(r -> resourceType.equals(r.fhirType()) && referencesPatient(r));
    }

    private boolean referencesPatient(Resource resource) {
        return fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
                .map(Reference::getReference)
                .filter(reference -> reference != null && !reference.startsWith("#"))
                .map(IdType::new)
                .anyMatch(id -> "Patient".equals(id.getResourceType()) && patientId.equals(id.getIdPart()));
    }
}
