package org.payercrd.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.payercrd.audit.ServiceCallRecord.IssuedCard;
import org.payercrd.fhir.PatientData;
import org.payercrd.fhir.PatientData.Source;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.review.ReviewResult;
import org.payercrd.security.Caller;
import org.payercrd.services.CdsServiceDefinition;
import org.springframework.stereotype.Service;

/**
 * Records every answered call and every piece of feedback before the answer goes out: a coverage assertion the EHR
 * receives must already be on disk, since the payer has to honour it when the claim quoting it arrives, even if the
 * service dies right after answering. Call records go through the {@link AuditWriter} (group commit; the
 * {@code crd.audit.write} timer measures each call's wait); feedback, rare and answered 404 for unknown cards, is
 * written directly.
 */
@Service
public class AuditTrail {

    private final AuditRepository repository;
    private final AuditWriter writer;
    private final ObjectMapper json;

    public AuditTrail(AuditRepository repository, AuditWriter writer, ObjectMapper json) {
        this.repository = repository;
        this.writer = writer;
        this.json = json;
    }

    /** The record of one answered call, under a new call id. */
    public ServiceCallRecord callRecord(
            CdsServiceDefinition service,
            CdsServiceRequest request,
            String patientId,
            ReviewResult result,
            Instant receivedAt,
            Duration latency,
            Optional<Caller> caller) {
        return callRecord(
                UUID.randomUUID().toString(), service, request, patientId, result, receivedAt, latency, caller);
    }

    /** The record of one answered call under {@code callId}: one call's records share it, so at most one is stored. */
    public ServiceCallRecord callRecord(
            String callId,
            CdsServiceDefinition service,
            CdsServiceRequest request,
            String patientId,
            ReviewResult result,
            Instant receivedAt,
            Duration latency,
            Optional<Caller> caller) {
        PatientData data = result.data();
        List<IssuedCard> cards = result.response().cards().stream()
                .filter(card -> card.uuid() != null)
                .map(card -> new IssuedCard(
                        card.uuid(),
                        card.summary(),
                        card.indicator() == null ? null : card.indicator().code()))
                .toList();
        return new ServiceCallRecord(
                callId,
                request.hookInstance(),
                service.hook(),
                service.id(),
                receivedAt,
                patientId,
                result.ordersReviewed(),
                sorted(data.keysFrom(Source.PREFETCHED)),
                sorted(data.keysFrom(Source.FETCHED)),
                data.unavailable(),
                write(result.response()),
                cards,
                result.assertions(),
                latency.toMillis(),
                caller.map(Caller::issuer).orElse(null),
                caller.map(Caller::tenant).orElse(null));
    }

    /**
     * Returns once the call's record is durable.
     *
     * @throws AuditUnavailableException when it could not be made durable within {@code crd.audit.write-timeout}
     */
    public void recordCall(ServiceCallRecord call) {
        writer.write(call);
    }

    /**
     * Hands a record to the writer without waiting: stored if the store takes the next batch, else lost.
     *
     * @return whether the writer took it
     */
    public boolean recordWithoutWaiting(ServiceCallRecord call) {
        return writer.handOff(call);
    }

    /** @throws UnknownCardException when a card was never returned by this service; nothing is stored then */
    public void recordFeedback(CdsServiceDefinition service, List<FeedbackRecord> feedback, Optional<Caller> caller) {
        repository.recordFeedback(
                service.id(),
                feedback,
                Instant.now(),
                caller.map(Caller::issuer).orElse(null),
                caller.map(Caller::tenant).orElse(null));
    }

    public StoredAssertion assertion(String assertionId) {
        return repository.findAssertion(assertionId).orElseThrow(() -> new UnknownAssertionException(assertionId));
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }

    private String write(Object response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the response for the audit", e);
        }
    }
}
