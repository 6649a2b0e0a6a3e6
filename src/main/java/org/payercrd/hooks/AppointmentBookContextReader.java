package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.payercrd.Problems;
import org.payercrd.fhir.FhirJson;
import org.springframework.stereotype.Component;

/** appointment-book: {@code userId}, {@code patientId}, optional {@code encounterId}, and the {@code appointments} Bundle. */
@Component
class AppointmentBookContextReader implements HookContextReader {

    private final FhirJson fhirJson;

    AppointmentBookContextReader(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    @Override
    public Set<String> hooks() {
        return Set.of("appointment-book");
    }

    @Override
    public HookContext read(String hook, JsonNode context, Problems problems) {
        Problems.Checkpoint before = problems.checkpoint();
        String userId = ContextFields.requiredReference(context, "userId", problems);
        String patientId = ContextFields.requiredId(context, "patientId", problems);
        String encounterId = ContextFields.optionalId(context, "encounterId", problems);
        List<Appointment> booked = List.of();
        Bundle bundle = ContextFields.requiredBundle(
                fhirJson, context, "appointments", "the appointments being booked", problems);
        if (bundle != null) {
            booked = bundle.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(Appointment.class::isInstance)
                    .map(Appointment.class::cast)
                    .toList();
            if (booked.isEmpty()) {
                problems.add("context.appointments holds no Appointment");
            }
        }
        if (before.foundAny()) {
            return null;
        }
        return new AppointmentBookContext(userId, patientId, encounterId, booked);
    }
}
