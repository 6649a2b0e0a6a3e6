package org.payercrd.review;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.coverage.AssertionIds;
import org.payercrd.fhir.PatientData;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ResponseOptions;

/**
 * Lets the JMH benchmark assess one order exactly as {@link HookCallReview} does within a call, without the rest of
 * the call: {@link ReviewCall} is package-private on purpose, so this opening lives with the tests.
 */
public final class BenchmarkOrders {

    private final OrderAssessor assessor;
    private final ReviewCall call;

    public BenchmarkOrders(
            OrderAssessor assessor, CdsServiceDefinition service, CdsServiceRequest request, PatientData data) {
        this.assessor = assessor;
        ResponseOptions options = service.responseOptions(request.extensionOrEmpty());
        this.call = new ReviewCall(
                service.hook(),
                options,
                data,
                data.asBundle(),
                LocalDate.now(),
                new AssertionIds(),
                service.policies());
    }

    /** One order's whole assessment: policy choice, CQL, cards and coverage assertions. */
    public OrderAssessment assess(Resource order) {
        return assessor.assess(order, call);
    }
}
