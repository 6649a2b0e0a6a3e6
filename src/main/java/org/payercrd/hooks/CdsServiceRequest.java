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

    /**
     * The longest {@code hookInstance} taken: the audit's {@code service_call.hook_instance} column. CDS Hooks says a
     * UUID (36 characters), but some clients add a prefix; the reader refuses longer ones and the call log quotes
     * it whole, so the log line always finds its audit record.
     */
    public static final int MAX_HOOK_INSTANCE = 200;

    public Map<String, JsonNode> prefetchOrEmpty() {
        return prefetch == null ? Map.of() : prefetch;
    }

    public Map<String, JsonNode> extensionOrEmpty() {
        return extension == null ? Map.of() : extension;
    }
}
