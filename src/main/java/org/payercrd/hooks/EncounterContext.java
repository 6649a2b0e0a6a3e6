package org.payercrd.hooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.RelativeReference;

/**
 * The context of encounter-start and encounter-discharge. These hooks carry no orders; CRD expects no
 * documentation demands from them. The only orders reviewed are those the patient data shows pending for this
 * encounter, so that a payer can still say, at admission or discharge, that an ordered service is not covered.
 */
public record EncounterContext(String userId, String patientId, String encounterId) implements HookContext {

    /** The request resources CRD reviews (its order profiles). */
    static final Set<String> ORDER_TYPES = Set.of(
            "ServiceRequest",
            "DeviceRequest",
            "MedicationRequest",
            "NutritionOrder",
            "VisionPrescription",
            "CommunicationRequest");

    /** Statuses of an order that is still to be carried out. */
    static final Set<String> PENDING = Set.of("draft", "active", "on-hold");

    /** Status and encounter sit at the same path on every order type; the terser reads them generically. */
    private static final FhirTerser TERSER = FhirContext.forR4Cached().newTerser();

    @Override
    public List<Resource> contextResources() {
        return List.of();
    }

    @Override
    public List<Resource> ordersUnderReview(ResourceLookup data) {
        String encounter = RelativeReference.of("Encounter", encounterId);
        return data.all().stream()
                .filter(r -> ORDER_TYPES.contains(r.fhirType()))
                .filter(r -> PENDING.contains(TERSER.getSinglePrimitiveValueOrNull(r, "status")))
                .filter(r -> encounter.equals(
                        RelativeReference.from(TERSER.getSinglePrimitiveValueOrNull(r, "encounter.reference"))))
                .toList();
    }
}
