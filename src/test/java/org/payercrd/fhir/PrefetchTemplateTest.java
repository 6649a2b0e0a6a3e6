package org.payercrd.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Prefetch templates: only CDS Hooks 2.0 tokens, relative reads and searches, and values that cannot inject. */
class PrefetchTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSearchTemplateResolvesFromTheHookContext() {
        PrefetchTemplate coverage =
                PrefetchTemplate.parse("coverage", "Coverage?patient={{context.patientId}}&status=active");

        assertThat(coverage.read()).isFalse();
        assertThat(coverage.resourceType()).isEqualTo("Coverage");
        assertThat(coverage.resolve(tokens("pat-1", "Practitioner/dr-7")))
                .hasValue("Coverage?patient=pat-1&status=active");
    }

    @Test
    void userTokensComeFromTheUserIdOfTheMatchingResourceType() {
        PrefetchTemplate user = PrefetchTemplate.parse("user", "Practitioner/{{userPractitionerId}}");

        assertThat(user.read()).isTrue();
        assertThat(user.resolve(tokens("pat-1", "Practitioner/dr-7"))).hasValue("Practitioner/dr-7");
        assertThat(user.resolve(tokens("pat-1", "PractitionerRole/role-1"))).isEmpty();
    }

    @Test
    void aContextValueCannotAddParametersToTheQuery() {
        PrefetchTemplate coverage = PrefetchTemplate.parse("coverage", "Coverage?patient={{context.patientId}}");

        assertThat(coverage.resolve(tokens("pat-1&_include=*", "Practitioner/dr-7")))
                .hasValue("Coverage?patient=pat-1%26_include%3D*");
    }

    @Test
    void aReadWhoseIdIsNotAFhirIdIsNotMade() {
        PrefetchTemplate patient = PrefetchTemplate.parse("patient", "Patient/{{context.patientId}}");

        assertThat(patient.resolve(tokens("../Observation", "Practitioner/dr-7")))
                .isEmpty();
    }

    @Test
    void aTokenTheCallDoesNotCarryLeavesTheTemplateUnresolved() {
        PrefetchTemplate encounter = PrefetchTemplate.parse("encounter", "Encounter/{{context.encounterId}}");

        assertThat(encounter.resolve(tokens("pat-1", "Practitioner/dr-7"))).isEmpty();
    }

    @Test
    void nonStandardTokensAndAbsoluteUrlsAreRejectedAtStartUp() {
        assertThatThrownBy(() -> PrefetchTemplate.parse("p", "Patient/{{patient.id}}"))
                .hasMessageContaining("not a CDS Hooks 2.0 prefetch token");
        assertThatThrownBy(
                        () -> PrefetchTemplate.parse("p", "https://ehr.example.org/fhir/Patient/{{context.patientId}}"))
                .hasMessageContaining("relative read");
    }

    private static PrefetchTokens tokens(String patientId, String userId) {
        ObjectNode context = JSON.createObjectNode().put("patientId", patientId).put("userId", userId);
        return PrefetchTokens.from(context);
    }
}
