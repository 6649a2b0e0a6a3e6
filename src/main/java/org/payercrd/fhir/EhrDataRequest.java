package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a hook call offers for reading the patient's data: the EHR's prefetch, and the FHIR server and token to read
 * what prefetch lacks.
 *
 * @param templates   the service's prefetch templates: every key the service wants
 * @param fhirServer  the request's {@code fhirServer}, or null
 * @param accessToken the request's {@code fhirAuthorization.access_token}, or null; never logged or kept
 */
public record EhrDataRequest(
        String patientId,
        List<PrefetchTemplate> templates,
        Map<String, JsonNode> prefetch,
        PrefetchTokens tokens,
        String fhirServer,
        String accessToken) {

    @Override
    public String toString() {
        return "EhrDataRequest[patientId=" + patientId + ", keys=" + prefetch.keySet() + ", fhirServer=" + fhirServer
                + ", accessToken=" + (accessToken == null ? "none" : "(hidden)") + "]";
    }
}
