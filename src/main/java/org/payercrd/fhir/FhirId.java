package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.payercrd.Problems;

/**
 * The FHIR R4 {@code id} datatype: 1 to 64 letters, digits, '-' and '.'. One definition for the hook context's
 * ids (checked as the call is read), the ids of every resource a request or an EHR's answer holds (checked on the
 * JSON, before HAPI reads it) and the ids prefetch reads are filled in with (checked before a read is made).
 *
 * <p>Ids end up in the audit (an order's and a Coverage's reference in {@code coverage_assertion}, 200 characters;
 * the patient's in {@code service_call}) and in the answer: held to the FHIR id, they always fit, and carry no NUL
 * (which PostgreSQL refuses in text) nor a line break.
 */
public final class FhirId {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** A FHIR resource type's name: a letter, then letters (R4 has no other). */
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{0,63}");

    /** What every refusal says a FHIR id is. */
    public static final String RULE = "1-64 letters, digits, '-' or '.'";

    private FhirId() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code reference} is {@code ResourceType/id} with a FHIR id. */
    public static boolean isRelativeReference(String reference) {
        int slash = reference == null ? -1 : reference.indexOf('/');
        return slash > 0
                && TYPE.matcher(reference.substring(0, slash)).matches()
                && isValid(reference.substring(slash + 1));
    }

    /**
     * Adds one problem per resource under {@code node} (any JSON object with a {@code resourceType}, at any depth:
     * Bundle entries, contained resources) whose {@code id} is not a FHIR id, each naming its element by path.
     */
    public static void checkResourceIds(JsonNode node, String path, Problems problems) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            if (node.path("resourceType").isTextual()
                    && node.has("id")
                    && !node.get("id").isNull()
                    && !(node.get("id").isTextual() && isValid(node.get("id").asText()))) {
                problems.add(member(path, "id") + " must be a FHIR id (" + RULE + ")");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkResourceIds(field.getValue(), member(path, field.getKey()), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkResourceIds(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static String member(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
