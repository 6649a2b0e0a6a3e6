package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A CDS Hooks 2.0 service request, as the EHR sends it. {@code context}, {@code prefetch} and
 * {@code extension} stay JSON trees here: their FHIR content is parsed by the {@code fhir} package, and a
 * prefetch key holding JSON {@code null} (known absent) must stay distinguishable from a missing key.
 */
public record CdsServiceRequest(
        String hook,
        String hookInstance,
        String fhirServer,
        FhirAuthorization fhirAuthorization,
        JsonNode context,
        Map<String, JsonNode> prefetch,
        Map<String, JsonNode> extension) {

    public Map<String, JsonNode> prefetchOrEmpty() {
        return prefetch == null ? Map.of() : prefetch;
    }

    public Map<String, JsonNode> extensionOrEmpty() {
        return extension == null ? Map.of() : extension;
    }
}
