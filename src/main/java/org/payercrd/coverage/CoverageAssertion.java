package org.payercrd.coverage;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coverage;
import org.payercrd.policy.CqlValueText;

/**
 * A payer's assertion about one order, as the CRD coverage-information extension carries it.
 *
 * @param assertionId  the {@code coverage-assertion-id}: one per coverage in a response, quoted back on claims
 * @param coverage     the coverage asserted against, when one is known
 * @param values       the policy's values by sub-extension name ({@code covered}, {@code reason},
 *                     {@code billingCode}...), as CQL computed them
 * @param policyDocument the web page of the policy behind the assertion, or {@code null}; CRD 2.2 clients get it
 *                     as a {@code policy-link} detail
 */
public record CoverageAssertion(
        String assertionId,
        Coverage coverage,
        LocalDate date,
        Map<String, Object> values,
        String policyUrl,
        String policyVersion,
        String policyDocument) {

    /** The CRD {@code covered} value (covered, not-covered, conditional), when the policy set one. */
    public Optional<String> covered() {
        Object covered = values.get("covered");
        if (covered instanceof java.util.Collection<?> list) {
            covered = list.isEmpty() ? null : list.iterator().next();
        }
        return covered == null
                ? Optional.empty()
                : Optional.of(CqlValueText.of(covered)).filter(s -> !s.isBlank());
    }
}
