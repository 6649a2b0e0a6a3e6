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
import org.payercrd.fhir.RelativeReference;

/** Checks and reads of context fields shared by the hook context readers. */
final class ContextFields {

    private ContextFields() {}

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
        return id(requiredText(context, field, problems), field, problems);
    }

    /**
     * An optional FHIR resource id, such as order-sign's {@code context.encounterId}; an empty string is taken as
     * absent, as it was before ids were checked (some EHRs send one outside an encounter).
     */
    static String optionalId(JsonNode context, String field, Problems problems) {
        String value = optionalText(context, field, problems);
        return value == null || value.isBlank() ? null : id(value, field, problems);
    }

    private static String id(String value, String field, Problems problems) {
        if (value != null && !FhirId.isValid(value)) {
            problems.add("context." + field + " must be a FHIR id (" + FhirId.RULE + ")");
            return null;
        }
        return value;
    }

    /**
     * A required reference to a resource, such as {@code context.userId} ({@code Practitioner/123}); {@code null}
     * (and a problem) when missing or not a reference.
     */
    static String requiredReference(JsonNode context, String field, Problems problems) {
        JsonNode value = context.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add("context." + field + " is required");
            return null;
        }
        return reference(value, "context." + field, problems);
    }

    /**
     * A reference given as a string, {@code ResourceType/id} (a full URL is read as its last two segments), as
     * {@code ResourceType/id}; {@code null} (and a problem naming {@code where}) when it is not one with a FHIR id.
     * The text itself is not quoted back: it may be a document's worth of anything.
     */
    static String reference(JsonNode value, String where, Problems problems) {
        String reference = value != null && value.isTextual() ? RelativeReference.from(value.asText()) : null;
        if (!FhirId.isRelativeReference(reference)) {
            problems.add(where + " must be a reference ResourceType/id, the id a FHIR id (" + FhirId.RULE + ")");
            return null;
        }
        return reference;
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
            if (!entry.isObject()
                    || (entry.has("resource") && !entry.get("resource").isObject())) {
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
    static Bundle requiredBundle(FhirJson fhirJson, JsonNode context, String field, String holding, Problems problems) {
        JsonNode json = context.get(field);
        String where = "context." + field;
        if (json == null || json.isNull()) {
            problems.add(where + " is required: a FHIR Bundle of " + holding);
        } else if (!json.isObject()
                || !"Bundle".equals(json.path("resourceType").asText())) {
            problems.add(where + " must be a FHIR Bundle");
        } else if (!hasBundleShape(json)) {
            problems.add(where
                    + " is not valid FHIR: Bundle.entry must be an array of entries, each with a resource object");
        } else {
            return resource(fhirJson, Bundle.class, json, where, problems);
        }
        return null;
    }

    static <T extends IBaseResource> T resource(
            FhirJson fhirJson, Class<T> type, JsonNode json, String where, Problems problems) {
        try {
            return fhirJson.parse(type, json, where);
        } catch (InvalidFhirContentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** An optional array of FHIR resources of one type; each bad entry is a problem. */
    static <T extends IBaseResource> List<T> resources(
            FhirJson fhirJson, Class<T> type, JsonNode array, String where, Problems problems) {
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
