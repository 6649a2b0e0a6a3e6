package org.payercrd.hooks;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * The context of one hook call, read and checked: who the patient is, what the context itself carries, and how
 * to find the orders the hook asks the payer about. Each CRD hook names its orders differently (draft orders,
 * dispatched order references, appointments based on orders, orders pending for an encounter); the review only
 * ever sees the orders.
 */
public interface HookContext {

    String patientId();

    /**
     * FHIR resources the context carries (draft orders, appointments, fulfilment tasks). They are part of the
     * patient's data for this call: an Appointment's {@code basedOn} may name a ServiceRequest sent alongside.
     */
    List<Resource> contextResources();

    /** The orders to review, in the order the EHR gave them, each at most once. */
    List<Resource> ordersUnderReview(ResourceLookup data);
}
