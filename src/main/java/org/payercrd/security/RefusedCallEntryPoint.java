package org.payercrd.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.payercrd.SafeText;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.OperationOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a call without a valid token: 401, {@code WWW-Authenticate: Bearer} (RFC 6750, with
 * {@code error="invalid_token"} and the reason when a token was sent) and an OperationOutcome saying why, like every
 * other error of the service.
 */
class RefusedCallEntryPoint implements AuthenticationEntryPoint {

    private static final Logger log = LoggerFactory.getLogger(RefusedCallEntryPoint.class);

    private final FhirJson fhirJson;

    RefusedCallEntryPoint(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        String challenge;
        String problem;
        if (refusal instanceof InvalidBearerTokenException invalid) {
            String reason = SafeText.quotable(invalid.getError().getDescription());
            challenge = "Bearer error=\"invalid_token\", error_description=\"" + reason + "\"";
            problem = "The bearer token was refused: " + reason;
            log.info("Refused a call to {} {}: {}", request.getMethod(), request.getRequestURI(), reason);
        } else {
            challenge = "Bearer";
            problem = "This endpoint needs an Authorization: Bearer JWT signed by a trusted EHR (CDS Hooks 2.0)";
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(fhirJson.encode(OperationOutcomes.of(IssueType.LOGIN, problem)));
    }
}
