package org.payercrd.coverage;

import java.util.Optional;
import org.hl7.fhir.r4.model.Coverage;

/**
 * Whose coverage an order falls under, as far as this payer is concerned.
 *
 * @param coverage the coverage the order will be billed to; null when the data holds no active coverage
 */
public record CoverageResolution(Kind kind, Coverage coverage) {

    public enum Kind {
        /** The patient's coverage is with this payer (or, leniently, names no payer): its policies apply. */
        OUR_MEMBER,
        /** The coverage is another payer's: this payer has nothing to assert or advise. */
        OTHER_PAYER,
        /** No active coverage in the data: the policy is still told, and the assertion says coverage was not found. */
        NO_COVERAGE
    }

    public boolean otherPayer() {
        return kind == Kind.OTHER_PAYER;
    }

    public Optional<Coverage> ourCoverage() {
        return kind == Kind.OUR_MEMBER ? Optional.of(coverage) : Optional.empty();
    }
}
