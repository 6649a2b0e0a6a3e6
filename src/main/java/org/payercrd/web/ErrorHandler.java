package org.payercrd.web;

import org.payercrd.audit.UnknownAssertionException;
import org.payercrd.audit.UnknownCardException;
import org.payercrd.hooks.UnknownServiceException;
import org.payercrd.hooks.InvalidHookRequestException;
import org.payercrd.fhir.OperationOutcomes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.payercrd.coverage.CoverageNotHandledException;
import org.payercrd.fhir.FhirServerNotAllowedException;
import org.payercrd.fhir.InvalidFhirContentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every error an endpoint raises, as JSON: a status that says whose fault it is and an OperationOutcome that says
 * what is wrong. Never a stack trace; a 500 says only that the fault is ours, and the details go to the log.
 * The one place that writes an error body for a controller; only what is refused before a controller runs (the
 * body-size filter, the JWT entry point) writes its own.
 */
@RestControllerAdvice
public class ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @ExceptionHandler(InvalidHookRequestException.class)
    ResponseEntity<OperationOutcome> invalidRequest(InvalidHookRequestException e) {
        return respond(HttpStatus.BAD_REQUEST, IssueType.INVALID, e.problems());
    }

    @ExceptionHandler(InvalidFhirContentException.class)
    ResponseEntity<OperationOutcome> invalidFhir(InvalidFhirContentException e) {
        return respond(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, List.of(e.getMessage()));
    }

    @ExceptionHandler(FhirServerNotAllowedException.class)
    ResponseEntity<OperationOutcome> fhirServerNotAllowed(FhirServerNotAllowedException e) {
        return respond(HttpStatus.BAD_REQUEST, IssueType.SECURITY, List.of(e.getMessage()));
    }

    /** CRD 2.2 hook-13: a CRD server may decline, with 400 and an OperationOutcome, a patient it does not cover. */
    @ExceptionHandler(CoverageNotHandledException.class)
    ResponseEntity<OperationOutcome> coverageNotHandled(CoverageNotHandledException e) {
        return respond(HttpStatus.BAD_REQUEST, IssueType.BUSINESSRULE, List.of(e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<OperationOutcome> unreadable(HttpMessageNotReadableException e) {
        if (causedBy(e, PayloadTooLargeException.class) != null) {
            return tooLarge(causedBy(e, PayloadTooLargeException.class));
        }
        return respond(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, List.of(describe(e)));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<OperationOutcome> tooLarge(PayloadTooLargeException e) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, IssueType.TOOLONG, List.of(e.getMessage()));
    }

    @ExceptionHandler(UnknownServiceException.class)
    ResponseEntity<OperationOutcome> unknownService(UnknownServiceException e) {
        return respond(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, List.of(e.getMessage()));
    }

    @ExceptionHandler(UnknownAssertionException.class)
    ResponseEntity<OperationOutcome> unknownAssertion(UnknownAssertionException e) {
        return respond(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, List.of(e.getMessage()));
    }

    @ExceptionHandler(UnknownCardException.class)
    ResponseEntity<OperationOutcome> unknownCard(UnknownCardException e) {
        return respond(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, List.of(e.getMessage()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<OperationOutcome> noSuchPath(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, List.of("No endpoint at /" + e.getResourcePath()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<OperationOutcome> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IssueType.NOTSUPPORTED,
                List.of("Content-Type " + e.getContentType() + " is not accepted; send application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<OperationOutcome> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, IssueType.NOTSUPPORTED,
                List.of("This service answers in application/json only"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<OperationOutcome> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, IssueType.NOTSUPPORTED,
                List.of("Method " + e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OperationOutcome> unexpected(Exception e) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // The EHR gave up on the call (its own timeout, a closed tab): nothing of ours failed and no one is
            // left to answer, so one line for whoever debugs that client, not an ERROR with a stack trace.
            log.debug("The client disconnected before its answer was written: {}", e.toString());
            return null;
        }
        log.error("Unexpected error answering a request", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, IssueType.EXCEPTION,
                List.of("The service failed to process this request; the error has been logged"));
    }

    private static ResponseEntity<OperationOutcome> respond(HttpStatus status, IssueType type, List<String> problems) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(OperationOutcomes.of(type, problems));
    }

    private static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return "The request body is missing: send a CDS Hooks request as JSON";
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String path = mismatch.getPath().isEmpty() ? "the request body"
                    : mismatch.getPath().stream()
                            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .reduce((a, b) -> a + "." + b).orElse("");
            if (mismatch.getPath().isEmpty()) {
                return "The request body must be a JSON object (a CDS Hooks request)";
            }
            return path + " has the wrong JSON type";
        }
        if (cause instanceof JsonProcessingException json) {
            return "The request body is not valid JSON: " + json.getOriginalMessage();
        }
        return "The request body cannot be read: " + cause.getMessage();
    }

    private static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
