package org.payercrd.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a clinician did with one card, as the EHR reported it to the feedback endpoint.
 *
 * @param acceptedSuggestions the ids of the suggestions accepted
 * @param overrideReason      the reason given for overriding ({@code reason} coding, {@code userComment}), or null
 */
public record FeedbackRecord(
        String cardUuid,
        String outcome,
        List<String> acceptedSuggestions,
        Map<String, Object> overrideReason,
        Instant outcomeTimestamp) {}
