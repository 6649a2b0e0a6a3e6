package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.payercrd.Problems;
import org.payercrd.fhir.FhirId;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.InvalidFhirContentException;

/** Checks and reads of context fields shared by the hook context readers. */
final class ContextFields {

    private ContextFields() {
    }

    /** A required string field; {@code null} (and a problem) when missing or blank. */
    static String requiredText(JsonNode context, String field, Problems problems) {
        JsonNode value = context.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add("context." + field + " is required");
            return null;
        }
        return value.asText();
    }

    /** A required FHIR resource id, such as {@code context.patientId}; {@code null} (and a problem) when not one. */
    static String requiredId(JsonNode context, String field, Problems problems) {
        String value = requiredText(context, field, problems);
        if (value != null && !FhirId.isValid(value)) {
            problems.add("context." + field + " must be a FHIR id (1-64 letters, digits, '-' or '.')");
            return null;
        }
        return value;
    }

    /** An optional string field; {@code null} when absent, a problem when present but not a string. */
    static String optionalText(JsonNode context, String field, Problems problems) {
        JsonNode value = context.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add("context." + field + " must be a string");
            return null;
        }
        return value.asText();
    }

    /** A FHIR reference given as a string ({@code ResourceType/id} or an absolute URL). */
    /**
     * Whether a Bundle's JSON has the shape of one. HAPI's lenient parser drops an {@code entry} of the wrong JSON
     * type silently; resources inside the entries may be imperfect (real EHRs and test kits send some), but a
     * Bundle whose entries cannot be read is not one.
     */
    private static boolean hasBundleShape(JsonNode bundle) {
        JsonNode entries = bundle.get("entry");
        if (entries == null || entries.isNull()) {
            return true;
        }
        if (!entries.isArray()) {
            return false;
        }
        for (JsonNode entry : entries) {
            if (!entry.isObject() || (entry.has("resource") && !entry.get("resource").isObject())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A required context field holding a FHIR Bundle ({@code draftOrders}, {@code appointments});
     * {@code null} (and a problem) when missing, not a Bundle, or not readable as one.
     *
     * @param holding what the Bundle holds, for the message ("the draft orders")
     */
    static Bundle requiredBundle(FhirJson fhirJson, JsonNode context, String field, String holding,
            Problems problems) {
        JsonNode json = context.get(field);
        String where = "context." + field;
        if (json == null || json.isNull()) {
            problems.add(where + " is required: a FHIR Bundle of " + holding);
        } else if (!json.isObject() || !"Bundle".equals(json.path("resourceType").asText())) {
            problems.add(where + " must be a FHIR Bundle");
        } else if (!hasBundleShape(json)) {
            problems.add(where + " is not valid FHIR: Bundle.entry must be an array of entries, each with a resource object");
        } else {
            return resource(fhirJson, Bundle.class, json, where, problems);
        }
        return null;
    }

    static boolean isReference(JsonNode value) {
        return value != null && value.isTextual() && value.asText().contains("/") && !value.asText().isBlank();
    }

    static <T extends IBaseResource> T resource(FhirJson fhirJson, Class<T> type, JsonNode json, String where,
            Problems problems) {
        try {
            return fhirJson.parse(type, json, where);
        } catch (InvalidFhirContentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** An optional array of FHIR resources of one type; each bad entry is a problem. */
    static <T extends IBaseResource> List<T> resources(FhirJson fhirJson, Class<T> type, JsonNode array, String where,
            Problems problems) {
        List<T> resources = new ArrayList<>();
        if (array == null || array.isNull()) {
            return resources;
        }
        if (!array.isArray()) {
            problems.add(where + " must be an array of FHIR " + type.getSimpleName() + " resources");
            return resources;
        }
        for (int i = 0; i < array.size(); i++) {
            T resource = resource(fhirJson, type, array.get(i), where + "[" + i + "]", problems);
            if (resource != null) {
                resources.add(resource);
            }
        }
        return resources;
    }
}
