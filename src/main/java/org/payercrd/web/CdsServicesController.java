package org.payercrd.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.payercrd.audit.AuditedAnswers;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.hooks.CdsServices;
import org.payercrd.hooks.HookContext;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.review.HookCallReview;
import org.payercrd.review.ReviewResult;
import org.payercrd.security.Caller;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ServiceDirectory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The CDS Hooks 2.0 endpoints: discovery and service calls. */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
public class CdsServicesController {

    private final ServiceDirectory directory;
    private final HookRequestReader requestReader;
    private final HookCallReview hookCallReview;
    private final AuditedAnswers auditedAnswers;
    private final Clock clock;

    public CdsServicesController(
            ServiceDirectory directory,
            HookRequestReader requestReader,
            HookCallReview hookCallReview,
            AuditedAnswers auditedAnswers,
            Clock clock) {
        this.directory = directory;
        this.requestReader = requestReader;
        this.hookCallReview = hookCallReview;
        this.auditedAnswers = auditedAnswers;
        this.clock = clock;
    }

    @GetMapping
    public CdsServices discovery() {
        return directory.discovery();
    }

    @PostMapping(
            path = "/{serviceId}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public CdsServiceResponse call(@PathVariable String serviceId, @RequestBody CdsServiceRequest request) {
        // The service's clock, which the audit retention also reads: a record's age is measured on one clock.
        Instant receivedAt = clock.instant();
        long started = System.nanoTime();
        CdsServiceDefinition service = directory.find(serviceId);
        HookContext context = requestReader.read(service.hook(), request);
        ReviewResult result = hookCallReview.review(service, context, request);
        // Recorded before answering: the EHR must never hold an assertion the payer cannot look up (Da Vinci CRD).
        return auditedAnswers.answer(
                service,
                request,
                context.patientId(),
                result,
                receivedAt,
                Duration.ofNanos(System.nanoTime() - started),
                Caller.current());
    }
}
