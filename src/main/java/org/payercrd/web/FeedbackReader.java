package org.payercrd.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.payercrd.Problems;
import org.payercrd.audit.FeedbackRecord;
import org.payercrd.hooks.InvalidHookRequestException;
import org.springframework.stereotype.Component;

/**
 * Checks a CDS Hooks 2.0 feedback request ({@code {"feedback": [...]}}) and reads it. Each entry names a card by
 * uuid, an {@code outcome} ({@code accepted} or {@code overridden}) and an {@code outcomeTimestamp} (RFC 3339);
 * {@code acceptedSuggestions} goes with {@code accepted}, {@code overrideReason} with {@code overridden}. Every
 * problem is reported at once.
 */
@Component
public class FeedbackReader {

    private static final String ACCEPTED = "accepted";
    private static final String OVERRIDDEN = "overridden";

    public List<FeedbackRecord> read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidHookRequestException(
                    List.of("The feedback request must be a JSON object: {\"feedback\": [...]}"));
        }
        JsonNode entries = body.get("feedback");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new InvalidHookRequestException(
                    List.of("feedback is required: an array of one or more feedback entries"));
        }
        Problems problems = new Problems();
        List<FeedbackRecord> feedback = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            FeedbackRecord entry = entry(entries.get(i), "feedback[" + i + "]", problems);
            if (entry != null) {
                feedback.add(entry);
            }
        }
        problems.throwIfAny(InvalidHookRequestException::new);
        return List.copyOf(feedback);
    }

    private static FeedbackRecord entry(JsonNode entry, String where, Problems problems) {
        if (!entry.isObject()) {
            problems.add(where + " must be a JSON object");
            return null;
        }
        Problems.Checkpoint before = problems.checkpoint();
        String card = text(entry, "card", where, problems);
        String outcome = text(entry, "outcome", where, problems);
        if (outcome != null && !ACCEPTED.equals(outcome) && !OVERRIDDEN.equals(outcome)) {
            problems.add(where + ".outcome must be accepted or overridden, not '" + outcome + "'");
        }
        Instant outcomeTimestamp = timestamp(entry, where, problems);
        List<String> acceptedSuggestions = acceptedSuggestions(entry, where, outcome, problems);
        Map<String, Object> overrideReason = overrideReason(entry, where, outcome, problems);
        if (before.foundAny()) {
            return null;
        }
        return new FeedbackRecord(card, outcome, acceptedSuggestions, overrideReason, outcomeTimestamp);
    }

    private static Instant timestamp(JsonNode entry, String where, Problems problems) {
        String text = text(entry, "outcomeTimestamp", where, problems);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(
                    where + ".outcomeTimestamp must be an RFC 3339 date-time with offset, e.g. 2026-11-25T14:30:00Z");
            return null;
        }
    }

    private static List<String> acceptedSuggestions(JsonNode entry, String where, String outcome, Problems problems) {
        JsonNode suggestions = entry.get("acceptedSuggestions");
        if (suggestions == null || suggestions.isNull()) {
            return null;
        }
        if (!ACCEPTED.equals(outcome)) {
            problems.add(where + ".acceptedSuggestions is only for the accepted outcome");
            return null;
        }
        if (!suggestions.isArray()) {
            problems.add(where + ".acceptedSuggestions must be an array of {\"id\": ...} objects");
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < suggestions.size(); i++) {
            JsonNode id = suggestions.get(i).path("id");
            if (!id.isTextual() || id.asText().isBlank()) {
                problems.add(where + ".acceptedSuggestions[" + i + "].id is required");
            } else {
                ids.add(id.asText());
            }
        }
        return ids;
    }

    private static Map<String, Object> overrideReason(JsonNode entry, String where, String outcome, Problems problems) {
        JsonNode reason = entry.get("overrideReason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!OVERRIDDEN.equals(outcome)) {
            problems.add(where + ".overrideReason is only for the overridden outcome");
            return null;
        }
        if (!reason.isObject()) {
            problems.add(where + ".overrideReason must be an object with reason (a Coding) and/or userComment");
            return null;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        JsonNode coding = reason.get("reason");
        if (coding != null && !coding.isNull()) {
            if (!coding.isObject()
                    || !coding.path("code").isTextual()
                    || !coding.path("system").isTextual()) {
                problems.add(where + ".overrideReason.reason must be a Coding with system and code");
            } else {
                Map<String, String> keptCoding = new LinkedHashMap<>();
                keptCoding.put("system", coding.get("system").asText());
                keptCoding.put("code", coding.get("code").asText());
                if (coding.path("display").isTextual()) {
                    keptCoding.put("display", coding.get("display").asText());
                }
                kept.put("reason", keptCoding);
            }
        }
        JsonNode comment = reason.get("userComment");
        if (comment != null && !comment.isNull()) {
            if (!comment.isTextual()) {
                problems.add(where + ".overrideReason.userComment must be a string");
            } else {
                kept.put("userComment", comment.asText());
            }
        }
        return kept;
    }

    private static String text(JsonNode entry, String field, String where, Problems problems) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(where + "." + field + " is required (a string)");
            return null;
        }
        return value.asText();
    }
}
