package org.payercrd.audit;

import java.time.Instant;
import java.util.List;
import org.payercrd.coverage.OrderAssertion;

/**
 * One answered CDS Hooks call as the audit keeps it: what was asked (no request body: prefetch is the patient's
 * record, and the audit keeps only which keys held data), what was answered, and by whom it was asked.
 *
 * @param prefetched   the prefetch keys the EHR filled
 * @param fetched      the keys the service read from the EHR's FHIR server itself
 * @param unavailable  the keys that could not be had (prefetch held an OperationOutcome, or the read failed)
 * @param responseJson the CDS Hooks response exactly as sent
 * @param callerIssuer the token's {@code iss} when calls are authenticated, else null
 */
public record ServiceCallRecord(
        String callId,
        String hookInstance,
        String hook,
        String serviceId,
        Instant receivedAt,
        String patientId,
        List<String> orders,
        List<String> prefetched,
        List<String> fetched,
        List<String> unavailable,
        String responseJson,
        List<IssuedCard> cards,
        List<OrderAssertion> assertions,
        long latencyMillis,
        String callerIssuer,
        String callerTenant) {

    /** A card as returned, kept so that feedback can name it. */
    public record IssuedCard(String uuid, String summary, String indicator) {}
}
