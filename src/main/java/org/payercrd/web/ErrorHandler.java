package org.payercrd.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.payercrd.SafeText;
import org.payercrd.audit.UnknownAssertionException;
import org.payercrd.audit.UnknownCardException;
import org.payercrd.coverage.CoverageNotHandledException;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.FhirServerNotAllowedException;
import org.payercrd.fhir.InvalidFhirContentException;
import org.payercrd.fhir.OperationOutcomes;
import org.payercrd.hooks.InvalidHookRequestException;
import org.payercrd.hooks.UnknownServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every error an endpoint raises, as JSON: a status that says whose fault it is and an OperationOutcome that says
 * what is wrong. Never a stack trace; a 500 says only that the fault is ours, and the details go to the log.
 * The one place that writes an error body for a controller; only what is refused before a controller runs (the
 * body-size filter, the JWT entry point) writes its own. What never reaches a controller is answered from here too:
 * Spring Security's firewall ({@link FirewallRefusals}), what Spring forwards to {@code /error}
 * ({@link ErrorPageController}) and what Tomcat answers itself ({@link TomcatErrorReports}).
 *
 * <p>Error bodies are {@code application/json}, what CDS Hooks clients send and read, unless the client's
 * {@code Accept} names {@code application/fhir+json} and does not prefer {@code application/json}: a FHIR client
 * gets the FHIR media type.
 */
@RestControllerAdvice
public class ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    // What a client sent is echoed in a diagnostics text at most this long: enough to see the fault, and a
    // 10,000-character URL is not sent back whole.
    private static final int MAX_ECHO = 200;

    private final FhirJson fhirJson;

    public ErrorHandler(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

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
        return noSuchPath("/" + e.getResourcePath());
    }

    ResponseEntity<OperationOutcome> noSuchPath(String path) {
        return respond(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, List.of("No endpoint at " + echo(path)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<OperationOutcome> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                IssueType.NOTSUPPORTED,
                List.of("Content-Type " + e.getContentType() + " is not accepted; send application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<OperationOutcome> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(
                HttpStatus.NOT_ACCEPTABLE,
                IssueType.NOTSUPPORTED,
                List.of("This service answers in application/json only"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<OperationOutcome> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return respond(
                HttpStatus.METHOD_NOT_ALLOWED,
                IssueType.NOTSUPPORTED,
                List.of("Method " + e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods()));
    }

    /**
     * The firewall checks header values when they are read, so a refusal can also come from a controller; it is
     * the same refusal as {@link FirewallRefusals} answers for what the firewall saw first.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<OperationOutcome> rejected(RequestRejectedException e) {
        return respond(HttpStatus.BAD_REQUEST, IssueType.SECURITY, List.of(rejection(e)));
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
        return respond(
                HttpStatus.INTERNAL_SERVER_ERROR,
                IssueType.EXCEPTION,
                List.of("The service failed to process this request; the error has been logged"));
    }

    /**
     * What Spring forwarded to {@code /error}: an exception a filter or a read of the body raised after the
     * response was marked as failed (Tomcat does so for a malformed chunked body), or a status some part of the
     * stack set with {@code sendError}. The status is kept; the body says what was wrong.
     */
    ResponseEntity<OperationOutcome> forwarded(int statusCode, Throwable thrown, String message, String uri) {
        HttpStatus status = HttpStatus.resolve(statusCode);
        if (causedBy(thrown, RequestRejectedException.class) != null) {
            return rejected(causedBy(thrown, RequestRejectedException.class));
        }
        if (causedBy(thrown, PayloadTooLargeException.class) != null) {
            return tooLarge(causedBy(thrown, PayloadTooLargeException.class));
        }
        if (thrown instanceof HttpMessageNotReadableException unreadable) {
            return respond(
                    status != null && status.is4xxClientError() ? status : HttpStatus.BAD_REQUEST,
                    IssueType.STRUCTURE,
                    List.of(describe(unreadable)));
        }
        if (status == null || status.is5xxServerError() || (thrown != null && !status.is4xxClientError())) {
            if (thrown instanceof Exception e) {
                return unexpected(e);
            }
            log.error("Unexpected error answering a request (status {})", statusCode, thrown);
            return respond(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    IssueType.EXCEPTION,
                    List.of("The service failed to process this request; the error has been logged"));
        }
        return respond(
                status,
                issueType(status),
                List.of(refusal(
                        status,
                        message != null && !message.isBlank() ? message : thrown != null ? thrown.getMessage() : null,
                        uri)));
    }

    /** The text of a refusal no exception describes, from its status and what Tomcat or Spring said of it. */
    static String refusal(HttpStatus status, String detail, String uri) {
        String said = detail == null || detail.isBlank() ? "" : ": " + echo(detail);
        return switch (status) {
            case NOT_FOUND -> "No endpoint at " + echo(uri == null ? "this path" : uri);
            case METHOD_NOT_ALLOWED -> "This method is not allowed here" + said;
            case REQUEST_HEADER_FIELDS_TOO_LARGE, URI_TOO_LONG -> "The request line or a header is too large" + said;
            case BAD_REQUEST -> "The request is malformed" + said;
            default -> status.getReasonPhrase() + said;
        };
    }

    static IssueType issueType(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> IssueType.NOTFOUND;
            case METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE -> IssueType.NOTSUPPORTED;
            case PAYLOAD_TOO_LARGE, URI_TOO_LONG, REQUEST_HEADER_FIELDS_TOO_LARGE -> IssueType.TOOLONG;
            case UNAUTHORIZED -> IssueType.LOGIN;
            case FORBIDDEN -> IssueType.FORBIDDEN;
            default -> status.is5xxServerError() ? IssueType.EXCEPTION : IssueType.INVALID;
        };
    }

    static String rejection(RequestRejectedException e) {
        return "The request was refused before it reached the service: " + echo(e.getMessage());
    }

    /** What a client sent, safe to put back in a diagnostics text: printable ASCII, shortened. */
    static String echo(String text) {
        return SafeText.shortened(SafeText.quotable(text), MAX_ECHO);
    }

    /** The media type of an error body for a client that sent this {@code Accept} (null: none). */
    static MediaType mediaTypeFor(String accept) {
        if (accept == null || accept.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        double fhir = 0;
        double json = 0;
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.equalsTypeAndSubtype(FHIR_JSON)) {
                    fhir = Math.max(fhir, type.getQualityValue());
                } else if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
                    json = Math.max(json, type.getQualityValue());
                }
            }
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_JSON;
        }
        return fhir > 0 && fhir >= json ? FHIR_JSON : MediaType.APPLICATION_JSON;
    }

    /** The body of an error answer written outside Spring MVC (a filter, a handler, a Tomcat valve). */
    String body(IssueType type, String problem) {
        return fhirJson.encode(OperationOutcomes.of(type, problem));
    }

    private static ResponseEntity<OperationOutcome> respond(HttpStatus status, IssueType type, List<String> problems) {
        return ResponseEntity.status(status)
                .contentType(mediaTypeFor(currentAccept()))
                .body(OperationOutcomes.of(type, problems));
    }

    private static String currentAccept() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            try {
                return request.getHeader(HttpHeaders.ACCEPT);
            } catch (RequestRejectedException e) {
                // The firewall refused the Accept header itself: the default media type, not a second refusal.
                return null;
            }
        }
        return null;
    }

    private static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return "The request body is missing: send a CDS Hooks request as JSON";
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String path = mismatch.getPath().isEmpty()
                    ? "the request body"
                    : mismatch.getPath().stream()
                            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .reduce((a, b) -> a + "." + b)
                            .orElse("");
            if (mismatch.getPath().isEmpty()) {
                return "The request body must be a JSON object (a CDS Hooks request)";
            }
            return path + " has the wrong JSON type";
        }
        if (cause instanceof JsonProcessingException json) {
            return "The request body is not valid JSON: " + json.getOriginalMessage();
        }
        if (causedBy(cause, EOFException.class) != null) {
            // Tomcat's words for a chunked body cut short, or a body shorter than its Content-Length.
            return "The request body ended early: the connection closed before the whole body (its Content-Length "
                    + "or its last chunk) arrived";
        }
        return "The request body cannot be read: " + echo(String.valueOf(cause.getMessage()));
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
