package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.payercrd.Problems;
import org.payercrd.fhir.FhirId;
import org.payercrd.fhir.JsonNumberBounds;
import org.springframework.stereotype.Component;

/**
 * Checks a hook request against CDS Hooks 2.0 (the envelope) and the context of its hook (through the
 * {@link HookContextReader} for that hook). Every problem found is reported at once, so that an integrator fixes
 * a request in one round trip.
 */
@Component
public class HookRequestReader {

    private final Map<String, HookContextReader> readersByHook = new LinkedHashMap<>();
    private final RequestListLimits listLimits;

    public HookRequestReader(List<HookContextReader> readers, RequestListLimits listLimits) {
        this.listLimits = listLimits;
        for (HookContextReader reader : readers) {
            for (String hook : reader.hooks()) {
                if (readersByHook.putIfAbsent(hook, reader) != null) {
                    throw new IllegalStateException("Two context readers claim hook " + hook);
                }
            }
        }
    }

    /** The hooks whose context this service can read. */
    public Set<String> supportedHooks() {
        return readersByHook.keySet();
    }

    public HookContext read(String expectedHook, CdsServiceRequest request) {
        HookContextReader reader = readersByHook.get(expectedHook);
        if (reader == null) {
            throw new IllegalStateException("No context reader for hook " + expectedHook);
        }
        Problems problems = new Problems();
        checkEnvelope(expectedHook, request, problems);
        JsonNode context = request.context();
        // Before any FHIR content reaches HAPI or the CQL: what would cost more than the body's size.
        Problems.Checkpoint costlyContent = problems.checkpoint();
        checkNumbers(request, problems);
        listLimits.check(request, problems);
        if (costlyContent.foundAny()) {
            throw new InvalidHookRequestException(problems.messages());
        }
        checkResourceIds(request, problems);
        HookContext read = null;
        if (context == null || context.isNull()) {
            problems.add("context is required");
        } else if (!context.isObject()) {
            problems.add("context must be a JSON object");
        } else {
            read = reader.read(expectedHook, context, problems);
        }
        if (read == null && problems.isEmpty()) {
            problems.add("context is not valid");
        }
        problems.throwIfAny(InvalidHookRequestException::new);
        return read;
    }

    /** Before any FHIR content reaches HAPI: a number no decimal needs would cost more than the body's size. */
    private static void checkNumbers(CdsServiceRequest request, Problems problems) {
        JsonNumberBounds.check(request.context(), "context", problems);
        request.prefetchOrEmpty().forEach((key, json) -> JsonNumberBounds.check(json, "prefetch." + key, problems));
        request.extensionOrEmpty().forEach((key, json) -> JsonNumberBounds.check(json, "extension." + key, problems));
    }

    /**
     * Every resource id the request holds, wherever it is: each may reach the audit (an order's or a Coverage's
     * reference) and the answer, so each must be what FHIR says an id is.
     */
    private static void checkResourceIds(CdsServiceRequest request, Problems problems) {
        FhirId.checkResourceIds(request.context(), "context", problems);
        request.prefetchOrEmpty().forEach((key, json) -> FhirId.checkResourceIds(json, "prefetch." + key, problems));
    }

    private static void checkEnvelope(String expectedHook, CdsServiceRequest request, Problems problems) {
        if (isBlank(request.hook())) {
            problems.add("hook is required");
        } else if (!expectedHook.equals(request.hook())) {
            problems.add(
                    "hook '" + request.hook() + "' does not match this service, which answers '" + expectedHook + "'");
        }
        if (isBlank(request.hookInstance())) {
            problems.add("hookInstance is required: a UUID for this hook call");
        } else if (request.hookInstance().length() > CdsServiceRequest.MAX_HOOK_INSTANCE) {
            problems.add(
                    "hookInstance must be a UUID, not " + request.hookInstance().length() + " characters");
        } else if (request.hookInstance().chars().anyMatch(Character::isISOControl)) {
            // Stored in the audit and quoted in the log: PostgreSQL refuses NUL in text, and a line break forges log
            // lines.
            problems.add("hookInstance must be a UUID, not text with control characters");
        }
        if (request.fhirServer() != null && !isAbsoluteHttpUrl(request.fhirServer())) {
            problems.add("fhirServer must be an absolute http(s) URL");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
