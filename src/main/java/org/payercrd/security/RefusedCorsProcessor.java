package org.payercrd.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.OperationOutcomes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, with a refusal that is an OperationOutcome like every other error of the service: Spring
 * answers a cross-origin request it refuses (an origin not in {@code crd.cors.allowed-origins}, a method or header
 * not allowed) with 403 and the text {@code Invalid CORS request}.
 */
class RefusedCorsProcessor extends DefaultCorsProcessor {

    private final FhirJson fhirJson;

    RefusedCorsProcessor(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8));
        response.getBody()
                .write(fhirJson.encode(OperationOutcomes.of(
                                IssueType.FORBIDDEN,
                                "This cross-origin request is not allowed: its Origin, method or headers are not among those "
                                        + "the service accepts from browsers (crd.cors.allowed-origins; methods GET, POST, OPTIONS; "
                                        + "headers Authorization, Content-Type, Accept)"))
                        .getBytes(StandardCharsets.UTF_8));
        response.flush();
    }
}
