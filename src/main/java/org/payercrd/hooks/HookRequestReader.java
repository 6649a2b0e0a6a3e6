package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.payercrd.fhir.DraftOrders;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.InvalidFhirContentException;
import org.springframework.stereotype.Component;

/**
 * Checks a hook request against CDS Hooks 2.0 and the order hooks' context, and reads its FHIR content. Every
 * problem found is reported at once, so that an integrator fixes a request in one round trip.
 */
@Component
public class HookRequestReader {

    private final FhirJson fhirJson;

    public HookRequestReader(FhirJson fhirJson) {
        this.fhirJson = fhirJson;
    }

    public OrderHookContext readOrderHook(String expectedHook, CdsServiceRequest request) {
        List<String> problems = new ArrayList<>();
        checkEnvelope(expectedHook, request, problems);
        JsonNode context = request.context();
        if (context == null || context.isNull()) {
            problems.add("context is required");
        } else if (!context.isObject()) {
            problems.add("context must be a JSON object");
        } else {
            requireText(context, "userId", problems);
            requireText(context, "patientId", problems);
            JsonNode draftOrders = context.get("draftOrders");
            if (draftOrders == null || draftOrders.isNull()) {
                problems.add("context.draftOrders is required: a FHIR Bundle of the draft orders");
            } else if (!draftOrders.isObject() || !"Bundle".equals(draftOrders.path("resourceType").asText())) {
                problems.add("context.draftOrders must be a FHIR Bundle");
            }
            if ("order-select".equals(expectedHook)) {
                JsonNode selections = context.get("selections");
                if (selections == null || !selections.isArray() || selections.isEmpty()) {
                    problems.add("context.selections is required for order-select: an array of the selected orders' ResourceType/id");
                } else {
                    for (JsonNode selection : selections) {
                        if (!selection.isTextual() || !selection.asText().contains("/")) {
                            problems.add("context.selections must hold ResourceType/id strings, found " + selection);
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidHookRequestException(problems);
        }
        Bundle bundle;
        try {
            bundle = fhirJson.parse(Bundle.class, context.get("draftOrders"), "context.draftOrders");
        } catch (InvalidFhirContentException e) {
            throw new InvalidHookRequestException(List.of(e.getMessage()));
        }
        Set<String> selections = new LinkedHashSet<>();
        context.path("selections").forEach(s -> selections.add(s.asText()));
        return new OrderHookContext(
                context.get("userId").asText(),
                context.get("patientId").asText(),
                context.path("encounterId").isTextual() ? context.get("encounterId").asText() : null,
                DraftOrders.from(bundle),
                Set.copyOf(selections));
    }

    private static void checkEnvelope(String expectedHook, CdsServiceRequest request, List<String> problems) {
        if (isBlank(request.hook())) {
            problems.add("hook is required");
        } else if (!expectedHook.equals(request.hook())) {
            problems.add("hook '" + request.hook() + "' does not match this service, which answers '" + expectedHook + "'");
        }
        if (isBlank(request.hookInstance())) {
            problems.add("hookInstance is required: a UUID for this hook call");
        }
        if (request.fhirServer() != null && !isAbsoluteHttpUrl(request.fhirServer())) {
            problems.add("fhirServer must be an absolute http(s) URL");
        }
    }

    private static void requireText(JsonNode context, String field, List<String> problems) {
        JsonNode value = context.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add("context." + field + " is required");
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
