package org.payercrd.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.payercrd.audit.AuditTrail;
import org.payercrd.audit.FeedbackRecord;
import org.payercrd.security.Caller;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ServiceDirectory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CDS Hooks 2.0 feedback endpoint: what the clinician did with the cards this service returned, stored with
 * the card it is about.
 */
@RestController
public class FeedbackController {

    private final ServiceDirectory directory;
    private final FeedbackReader reader;
    private final AuditTrail auditTrail;

    public FeedbackController(ServiceDirectory directory, FeedbackReader reader, AuditTrail auditTrail) {
        this.directory = directory;
        this.reader = reader;
        this.auditTrail = auditTrail;
    }

    @PostMapping(
            path = "/cds-services/{serviceId}/feedback",
            produces = MediaType.APPLICATION_JSON_VALUE,
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    public ResponseEntity<Void> feedback(@PathVariable String serviceId, @RequestBody JsonNode body) {
        CdsServiceDefinition service = directory.find(serviceId);
        List<FeedbackRecord> feedback = reader.read(body);
        auditTrail.recordFeedback(service, feedback, Caller.current());
        return ResponseEntity.ok().build();
    }
}
