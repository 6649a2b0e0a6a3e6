package org.payercrd.review;

import java.util.List;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.PatientData;
import org.payercrd.hooks.CdsServiceResponse;

/**
 * What one hook call produced: the response for the EHR, the coverage assertions it carries (which the payer must
 * be able to look up later), the orders reviewed, and where the patient data the review worked from came from.
 *
 * @param ordersReviewed each order under review as {@code ResourceType/id}
 */
public record ReviewResult(
        CdsServiceResponse response,
        List<OrderAssertion> assertions,
        List<String> ordersReviewed,
        PatientData data) {
}
