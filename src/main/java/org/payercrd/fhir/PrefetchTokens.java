package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of CDS Hooks prefetch tokens for one hook call: every text field of {@code context} as
 * {@code context.<field>}, and {@code userPractitionerId} (or {@code userPractitionerRoleId},
 * {@code userPatientId}, {@code userRelatedPersonId}) from {@code context.userId}, per CDS Hooks 2.0.
 */
public record PrefetchTokens(Map<String, String> values) {

    public static PrefetchTokens from(JsonNode context) {
        Map<String, String> values = new HashMap<>();
        if (context != null && context.isObject()) {
            context.properties().forEach(field -> {
                if (field.getValue().isTextual() && !field.getValue().asText().isBlank()) {
                    values.put("context." + field.getKey(), field.getValue().asText());
                }
            });
            String userId = context.path("userId").asText("");
            int slash = userId.indexOf('/');
            if (slash > 0 && slash < userId.length() - 1) {
                values.put("user" + userId.substring(0, slash) + "Id", userId.substring(slash + 1));
            }
        }
        return new PrefetchTokens(Map.copyOf(values));
    }

    public Optional<String> value(String token) {
        return Optional.ofNullable(values.get(token));
    }
}
