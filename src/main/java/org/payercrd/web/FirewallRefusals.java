package org.payercrd.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers what Spring Security's {@code StrictHttpFirewall} refuses (an encoded dot segment or a double slash in the
 * path, a path parameter, a method it does not allow, a control character in a header) with 400, or 405 for the
 * method, and an OperationOutcome saying what was refused. Without this handler the refusal became Spring's error
 * JSON through {@code /error}, and for {@code TRACE} an empty 400 (the firewall refused the error dispatch too).
 * Spring Security uses the one {@link RequestRejectedHandler} bean of the context.
 */
@Component
class FirewallRefusals implements RequestRejectedHandler {

    // The methods a CDS Hooks endpoint answers; what the firewall refuses (TRACE, CONNECT, made-up ones) is told so.
    private static final String ALLOWED = "GET, POST, OPTIONS";

    private final ErrorHandler errors;

    FirewallRefusals(ErrorHandler errors) {
        this.errors = errors;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException refusal)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        String message = String.valueOf(refusal.getMessage());
        boolean method = message.contains("HTTP method");
        response.resetBuffer();
        response.setStatus(method ? HttpStatus.METHOD_NOT_ALLOWED.value() : HttpStatus.BAD_REQUEST.value());
        if (method) {
            response.setHeader(HttpHeaders.ALLOW, ALLOWED);
        }
        response.setContentType(ErrorHandler.mediaTypeFor(acceptOf(request)).toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write(errors.body(
                        method ? IssueType.NOTSUPPORTED : IssueType.SECURITY, ErrorHandler.rejection(refusal)));
    }

    /** The request here is Tomcat's, not the firewall's wrapper: reading a header cannot be refused again. */
    private static String acceptOf(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? accept : null;
    }
}
