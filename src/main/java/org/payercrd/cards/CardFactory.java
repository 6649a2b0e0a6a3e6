package org.payercrd.cards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.payercrd.CrdVersion;
import org.payercrd.hooks.Card;
import org.payercrd.hooks.CdsCoding;
import org.payercrd.hooks.Indicator;
import org.payercrd.hooks.Link;
import org.payercrd.hooks.Source;
import org.payercrd.policy.CqlValueText;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyAction;
import org.springframework.stereotype.Component;

/**
 * Turns a policy action that fired for an order into a CDS Hooks card: title to summary, description to detail,
 * documentation (and any links the CQL chose) to absolute links, priority to indicator, the publisher to the
 * source label.
 */
@Component
public class CardFactory {

    static final String ASSOCIATED_RESOURCE = "davinci-crd.associated-resource";
    static final String DOCUMENTATION_PATH = "documentation";
    static final int MAX_SUMMARY = 140;

    public Card build(
            Policy policy,
            PolicyAction action,
            Map<String, Object> values,
            String orderReference,
            CrdVersion crdVersion) {
        String cardTypeSystem = CardTypeSystems.forCrdVersion(crdVersion);
        Coding topic = action.topicIn(cardTypeSystem).orElse(action.topics().get(0));
        List<CdsCoding> overrideReasons =
                action.overrideReasons().stream().map(CdsCoding::of).toList();
        List<Link> links = links(policy, action, values);
        return new Card(
                UUID.randomUUID().toString(),
                summary(action.title().render(values)),
                action.description().render(values),
                indicator(action.priority()),
                new Source(
                        policy.publisher(),
                        policy.policyDocument().map(RelatedArtifact::getUrl).orElse(null),
                        null,
                        CdsCoding.of(topic)),
                null,
                null,
                overrideReasons.isEmpty() ? null : overrideReasons,
                links.isEmpty() ? null : links,
                extension(orderReference, crdVersion));
    }

    /**
     * CRD 2.2 ties a card to the order it is about with {@code davinci-crd.associated-resource}: "0..*
     * Reference", so a JSON array of Reference objects. CRD 2.0.1 has no such extension; a 2.0 client gets none.
     */
    private static Map<String, Object> extension(String orderReference, CrdVersion crdVersion) {
        if (!crdVersion.atLeast(CrdVersion.V2_2)) {
            return null;
        }
        return Map.of(ASSOCIATED_RESOURCE, List.of(Map.of("reference", orderReference)));
    }

    /** Links the CQL chose for this order come first (e.g. the evidence for its indication), then the fixed ones. */
    private static List<Link> links(Policy policy, PolicyAction action, Map<String, Object> values) {
        Map<String, Link> byUrl = new LinkedHashMap<>();
        String dynamic = action.dynamicValues().get(DOCUMENTATION_PATH);
        if (dynamic != null) {
            for (String url : urls(values.get(dynamic))) {
                RelatedArtifact cited = policy.citations().get(url);
                byUrl.putIfAbsent(url, Link.absolute(cited == null ? url : label(cited), url));
            }
        }
        for (RelatedArtifact artifact : action.documentation()) {
            if (artifact.hasUrl()) {
                byUrl.putIfAbsent(artifact.getUrl(), Link.absolute(label(artifact), artifact.getUrl()));
            }
        }
        return new ArrayList<>(byUrl.values());
    }

    private static List<String> urls(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> values) {
            return values.stream()
                    .map(CqlValueText::of)
                    .filter(s -> !s.isBlank())
                    .toList();
        }
        return List.of(CqlValueText.of(value));
    }

    private static String label(RelatedArtifact artifact) {
        if (artifact.hasDisplay()) {
            return artifact.getDisplay();
        }
        return artifact.hasLabel() ? artifact.getLabel() : artifact.getUrl();
    }

    /** CDS Hooks: the summary is a "one-sentence, <140-character summary message"; cut rather than break a client. */
    static String summary(String title) {
        if (title == null || title.length() < MAX_SUMMARY) {
            return title;
        }
        return title.substring(0, MAX_SUMMARY - 2).stripTrailing() + "\u2026";
    }

    /** CDS Hooks indicators from PlanDefinition priorities, as CQF's PlanDefinition-to-card mapping does. */
    static Indicator indicator(String priority) {
        return switch (priority) {
            case "stat" -> Indicator.CRITICAL;
            case "urgent", "asap" -> Indicator.WARNING;
            default -> Indicator.INFO;
        };
    }
}
