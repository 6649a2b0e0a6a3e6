package org.payercrd.coverage;

import java.time.LocalDate;
import java.util.Map;

/**
 * A coverage assertion as it was made on one order, in plain text: what the payer told the EHR and must honour when
 * the claim quoting {@code assertionId} arrives (Da Vinci CRD).
 *
 * @param orderReference    the order it was made on ({@code ServiceRequest/id})
 * @param coverageReference the coverage asserted against ({@code Coverage/id}), or null when none was known
 * @param decision          the {@code covered} value ({@code covered}, {@code not-covered}, {@code conditional})
 * @param details           every sub-extension of the coverage-information extension as text, by name
 */
public record OrderAssertion(
        String assertionId,
        String orderReference,
        String coverageReference,
        String decision,
        String policyUrl,
        String policyVersion,
        LocalDate date,
        Map<String, String> details) {}
