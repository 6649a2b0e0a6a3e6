package org.payercrd.review;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.payercrd.coverage.AssertionIds;
import org.payercrd.fhir.PatientData;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.services.ResponseOptions;

/**
 * What every order of one hook call is assessed against: built once per call, shared by all its orders. Nothing
 * here outlives the call, so nothing computed for one call can leak into another.
 *
 * @param hook         the hook the call answers, which selects the policy actions that may fire
 * @param options      the EHR's response options (switched-off card types, CRD version, max cards)
 * @param data         the patient data gathered for the call
 * @param dataBundle   {@code data} as the Bundle CQL retrieves search, built once per call
 * @param today        the date coverage assertions carry
 * @param assertionIds the response's assertion ids, shared by all its orders
 * @param policies     the policies snapshot taken once for the whole call, so that a reload never mixes two
 *                     versions of the policies in one answer
 */
record ReviewCall(
        String hook,
        ResponseOptions options,
        PatientData data,
        Bundle dataBundle,
        LocalDate today,
        AssertionIds assertionIds,
        LoadedPolicies policies) {}
