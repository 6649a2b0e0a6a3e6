package org.payercrd.audit;

import java.time.Instant;
import java.util.List;
import org.payercrd.coverage.OrderAssertion;

/**
 * A coverage assertion as the payer recorded it when it answered: what claims adjudication looks up by the
 * {@code coverage-assertion-id} the claim quotes. One id covers every order of one response billed to the same
 * coverage.
 */
public record StoredAssertion(
        String assertionId,
        Instant recordedAt,
        String hookInstance,
        String hook,
        String serviceId,
        String patientId,
        String callerIssuer,
        String callerTenant,
        List<OrderAssertion> orders) {}
