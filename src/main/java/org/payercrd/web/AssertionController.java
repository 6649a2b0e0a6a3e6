package org.payercrd.web;

import org.payercrd.audit.AuditTrail;
import org.payercrd.audit.StoredAssertion;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Looks up a coverage assertion by the {@code coverage-assertion-id} the EHR received in the CRD
 * coverage-information extension: what claims adjudication, or a tester, checks a claim against.
 */
@RestController
public class AssertionController {

    private final AuditTrail auditTrail;

    public AssertionController(AuditTrail auditTrail) {
        this.auditTrail = auditTrail;
    }

    @GetMapping(path = "/api/assertions/{assertionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public StoredAssertion assertion(@PathVariable String assertionId) {
        return auditTrail.assertion(assertionId);
    }
}
