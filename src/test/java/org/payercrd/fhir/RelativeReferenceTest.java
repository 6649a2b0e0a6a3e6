package org.payercrd.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** {@code Type/id}, however the EHR spelled the reference. */
class RelativeReferenceTest {

    @Test
    void aResourceIsNamedByItsTypeAndIdWithoutBaseOrVersion() {
        ServiceRequest order = new ServiceRequest();
        order.setId("https://ehr.example/fhir/ServiceRequest/sr-1/_history/3");
        assertThat(RelativeReference.of(order)).isEqualTo("ServiceRequest/sr-1");
        assertThat(RelativeReference.of("Encounter", "enc-1")).isEqualTo("Encounter/enc-1");
    }

    @Test
    void absoluteAndVersionedReferencesNameTheSameResourceAsTheRelativeOne() {
        assertThat(RelativeReference.from("https://ehr.example/fhir/ServiceRequest/sr-1/_history/2"))
                .isEqualTo("ServiceRequest/sr-1");
        assertThat(RelativeReference.from("ServiceRequest/sr-1")).isEqualTo("ServiceRequest/sr-1");
        assertThat(RelativeReference.from("sr-1")).isEqualTo("sr-1");
        assertThat(RelativeReference.from(null)).isEmpty();
    }

    @Test
    void theIdIsWhatFollowsTheType() {
        assertThat(RelativeReference.idOf("Patient/pat-1")).isEqualTo("pat-1");
    }
}
