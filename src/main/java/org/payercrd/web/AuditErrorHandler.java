package org.payercrd.web;

import org.payercrd.audit.UnknownAssertionException;
import org.payercrd.audit.UnknownCardException;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.payercrd.fhir.OperationOutcomes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 404 for what the audit does not hold; ahead of the service's catch-all handler, which would make it a 500. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AuditErrorHandler {

    @ExceptionHandler(UnknownAssertionException.class)
    ResponseEntity<OperationOutcome> unknownAssertion(UnknownAssertionException e) {
        return notFound(e.getMessage());
    }

    @ExceptionHandler(UnknownCardException.class)
    ResponseEntity<OperationOutcome> unknownCard(UnknownCardException e) {
        return notFound(e.getMessage());
    }

    private static ResponseEntity<OperationOutcome> notFound(String problem) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(OperationOutcomes.of(IssueType.NOTFOUND, problem));
    }
}
