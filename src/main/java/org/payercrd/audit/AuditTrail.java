package org.payercrd.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * Records every answered call and every piece of feedback, synchronously: a coverage assertion the EHR receives
 * must already be on disk, since the payer has to honour it when the claim quoting it arrives, even if the service
 * dies right after answering. The cost of that write is measured by the {@code crd.audit.write} timer.
 */
@Service
public class AuditTrail {

    private final AuditRepository repository;
    private final ObjectMapper json;
    private final Timer writeTimer;

    public AuditTrail(AuditRepository repository, ObjectMapper json, MeterRegistry meters) {
        this.repository = repository;
        this.json = json;
        this.writeTimer = Timer.builder("crd.audit.write")
                .description("Time to record an answered CDS Hooks call durably, before the response is sent")
                .register(meters);
    }

    public void recordCall(CdsServiceDefinition service, CdsServiceRequest request, String patientId, ReviewResult result,
            Instant receivedAt, Duration latency, Optional<Caller> caller) {
        writeTimer.record(() -> {
            PatientData data = result.data();
            List<IssuedCard> cards = result.response().cards().stream()
                    .filter(card -> card.uuid() != null)
                    .map(card -> new IssuedCard(card.uuid(), card.summary(),
                            card.indicator() == null ? null : card.indicator().code()))
                    .toList();
            repository.recordCall(new ServiceCallRecord(UUID.randomUUID().toString(), request.hookInstance(),
                    service.hook(), service.id(), receivedAt, patientId, result.ordersReviewed(),
                    sorted(data.keysFrom(Source.PREFETCHED)), sorted(data.keysFrom(Source.FETCHED)),
                    data.unavailable(),
                    write(result.response()), cards, result.assertions(), latency.toMillis(),
                    caller.map(Caller::issuer).orElse(null), caller.map(Caller::tenant).orElse(null)));
        });
    }

    /** @throws UnknownCardException when a card was never returned by this service; nothing is stored then */
    public void recordFeedback(CdsServiceDefinition service, List<FeedbackRecord> feedback, Optional<Caller> caller) {
        repository.recordFeedback(service.id(), feedback, Instant.now(), caller.map(Caller::issuer).orElse(null),
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
