package org.payercrd.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.RelativeReference;

/**
 * The context of appointment-book: the appointments being booked. An appointment booked for an order says so
 * in {@code basedOn}; CRD puts the details of what is booked, and so the coverage assertion, on that order
 * (the "appointment with order" profile), not on the Appointment.
 */
public record AppointmentBookContext(
        String userId, String patientId, String encounterId, List<Appointment> appointments) implements HookContext {

    @Override
    public List<Resource> contextResources() {
        return List.copyOf(appointments);
    }

    /** The orders the appointments are based on, as the data holds them, each once. */
    @Override
    public List<Resource> ordersUnderReview(ResourceLookup data) {
        Map<String, Resource> orders = new LinkedHashMap<>();
        for (Appointment appointment : appointments) {
            for (Reference basedOn : appointment.getBasedOn()) {
                if (!basedOn.hasReference()) {
                    continue;
                }
                String reference = RelativeReference.from(basedOn.getReference());
                data.find(reference).ifPresent(order -> orders.putIfAbsent(reference, order));
            }
        }
        return new ArrayList<>(orders.values());
    }
}
