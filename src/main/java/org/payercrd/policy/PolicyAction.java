package org.payercrd.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.RelatedArtifact;

/**
 * One PlanDefinition action, read once at start-up: what it produces (a card or the coverage assertion), when
 * (the hooks it is triggered by and the CQL condition), and with which words, links and values.
 *
 * @param responseType the CRD response kind ({@code coverage-info}, {@code external-reference},
 *                     {@code instructions}...), also the configuration option that switches it off
 * @param topics       card-type codings, one per CRD card-type code system
 * @param priority     the PlanDefinition priority, which sets the card indicator
 * @param dynamicValues CQL expressions by path: {@code documentation} adds links; on a coverage-info action
 *                     each path names a sub-extension of the CRD coverage-information extension
 */
public record PolicyAction(
        String id,
        Coding responseType,
        List<Coding> topics,
        Set<String> hooks,
        String condition,
        TextTemplate title,
        TextTemplate description,
        String priority,
        List<RelatedArtifact> documentation,
        List<Coding> overrideReasons,
        Map<String, String> dynamicValues) {

    /**
     * CRD's {@code coverage-info}: the response type of the action that records the coverage assertion, and the card
     * type of cards about the order's coverage (cards.CardTypeSystems reads cards with it).
     */
    public static final String COVERAGE_INFORMATION = "coverage-info";

    public boolean isCoverageInformation() {
        return COVERAGE_INFORMATION.equals(responseType.getCode());
    }

    public boolean appliesTo(String hook) {
        return hooks.isEmpty() || hooks.contains(hook);
    }

    /**
     * The configuration codes that switch this action off: its response type and its CRD card types. CRD:
     * setting a card type to false means "not returning any cards of the specified type" (dev-5).
     */
    public Set<String> switches() {
        Set<String> codes = new LinkedHashSet<>();
        codes.add(responseType.getCode());
        topics.forEach(topic -> codes.add(topic.getCode()));
        return codes;
    }

    public Optional<Coding> topicIn(String cardTypeSystem) {
        return topics.stream().filter(t -> cardTypeSystem.equals(t.getSystem())).findFirst();
    }

    /** Every CQL expression this action needs evaluated. */
    public Set<String> expressions() {
        Set<String> names = new LinkedHashSet<>();
        if (condition != null) {
            names.add(condition);
        }
        names.addAll(title.expressions());
        names.addAll(description.expressions());
        names.addAll(dynamicValues.values());
        return names;
    }
}
