package org.payercrd.review;

import java.util.List;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.PatientData;
import org.payercrd.hooks.CdsServiceResponse;

/**
 * What one order hook produced: the response for the EHR, the coverage assertions it carries (which the payer must
 * be able to look up later) and the patient data the review worked from.
 */
public record ReviewResult(CdsServiceResponse response, List<OrderAssertion> assertions, PatientData data) {
}
