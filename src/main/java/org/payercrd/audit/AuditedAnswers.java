package org.payercrd.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.payercrd.CrdProperties;
import org.payercrd.audit.AuditUnavailableException.Reason;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.review.ReviewResult;
import org.payercrd.security.Caller;
import org.payercrd.services.CdsServiceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What a reviewed call may be answered with, given what the audit could record. Normally the review's response, once
 * its record is durable: the EHR must never hold a coverage assertion the payer cannot look up (Da Vinci CRD). When
 * the record cannot be made durable (a timeout, a failed batch, a stopped writer), the call is still answered, 200,
 * as a payer should when its records are down: with every card but no coverage assertion
 * ({@link ReviewResult#withoutAssertions(String)}). Each such answer is counted in {@code crd.calls.degraded{reason}}
 * and logged in one WARN line.
 *
 * <p>The degraded answer is then handed to the writer without waiting (cheap, bounded: a queue offer), so that it is
 * recorded if the store takes the next batch, and lost otherwise; it is never handed off when the call's own record
 * may still land (the writer had started on it), since both share the call id and at most one may be stored.
 */
@Service
public class AuditedAnswers {

    static final String DEGRADED = "crd.calls.degraded";

    private static final Logger log = LoggerFactory.getLogger(AuditedAnswers.class);

    private final AuditTrail trail;
    private final String unrecordedAssertionNote;
    private final Map<Reason, Counter> degraded = new EnumMap<>(Reason.class);

    public AuditedAnswers(AuditTrail trail, CrdProperties properties, MeterRegistry meters) {
        this.trail = trail;
        this.unrecordedAssertionNote = properties.cards().unrecordedAssertionNote();
        for (Reason reason : Reason.values()) {
            degraded.put(
                    reason,
                    Counter.builder(DEGRADED)
                            .description(
                                    "Calls answered without coverage assertions because their record could not be made "
                                            + "durable, by why")
                            .tag("reason", reason.tag())
                            .register(meters));
        }
    }

    public CdsServiceResponse answer(
            CdsServiceDefinition service,
            CdsServiceRequest request,
            String patientId,
            ReviewResult result,
            Instant receivedAt,
            Duration latency,
            Optional<Caller> caller) {
        ServiceCallRecord record = trail.callRecord(service, request, patientId, result, receivedAt, latency, caller);
        try {
            trail.recordCall(record);
            return result.response();
        } catch (AuditUnavailableException e) {
            ReviewResult withheld = result.withoutAssertions(unrecordedAssertionNote);
            boolean handedOff = !e.mayBeStored()
                    && trail.recordWithoutWaiting(trail.callRecord(
                            record.callId(), service, request, patientId, withheld, receivedAt, latency, caller));
            degraded.get(e.reason()).increment();
            log.warn(
                    "Call {} to {} answered without its {} coverage assertion(s): its record could not be made "
                            + "durable ({}: {}); the answer without them was {}",
                    record.callId(),
                    service.id(),
                    result.assertions().size(),
                    e.reason().tag(),
                    e.getMessage(),
                    handedOff ? "handed to the audit writer, unconfirmed" : "not recorded");
            return withheld.response();
        }
    }
}
