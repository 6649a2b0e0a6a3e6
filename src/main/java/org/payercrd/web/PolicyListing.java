package org.payercrd.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.ValueSet;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyAction;

/**
 * What {@code GET /api/policies} answers for one loaded policy: the Library's metadata and citations, the codes its
 * ValueSets hold and the PlanDefinition's actions, copied from the FHIR resources as they were loaded (so a reader
 * sees what the engine evaluates, not a second description of it).
 *
 * @param relatedArtifacts the Library's related artifacts in its order: the policy document, its history, the
 *                         evidence it cites (with {@code url} when the source is online) and the ValueSets it uses
 * @param valueSets        the ValueSets the Library names, each with the codes its expansion holds
 */
public record PolicyListing(
        String id,
        String url,
        String version,
        String name,
        String title,
        String status,
        String publisher,
        String approvalDate,
        String lastReviewDate,
        String effectiveStart,
        String effectiveEnd,
        String description,
        List<Artifact> relatedArtifacts,
        List<Codes> valueSets,
        List<Action> actions) {

    /** One {@code Library.relatedArtifact}; {@code resource} is a canonical URL (e.g. a ValueSet the logic uses). */
    public record Artifact(String type, String label, String display, String citation, String url, String resource) {}

    /**
     * One ValueSet the policy names.
     *
     * @param role the related-artifact type that names it: {@code depends-on} (the logic matches these codes) or
     *             {@code documentation} (kept for reference only)
     */
    public record Codes(String url, String version, String title, String role, List<Code> codes) {}

    public record Code(String system, String code, String display) {}

    /**
     * One PlanDefinition action.
     *
     * @param title        the action's title as written, with {@code {{Expression}}} placeholders
     * @param responseType the CRD response kind the action produces
     * @param condition    the CQL expression that decides whether it applies
     * @param switches     the {@code davinci-crd.configuration} codes that, set to false, leave it out
     */
    public record Action(
            String id,
            String title,
            String responseType,
            List<String> hooks,
            String condition,
            List<String> switches) {}

    static List<PolicyListing> of(LoadedPolicies loaded) {
        return loaded.policies().stream()
                .map(policy -> of(policy, loaded.valueSetsOf(policy)))
                .toList();
    }

    private static PolicyListing of(Policy policy, List<ValueSet> valueSets) {
        Library library = policy.library();
        Map<String, String> roles = library.getRelatedArtifact().stream()
                .filter(RelatedArtifact::hasResource)
                .collect(Collectors.toMap(
                        RelatedArtifact::getResource, a -> a.getType().toCode(), (a, b) -> a));
        Map<String, PlanDefinition.PlanDefinitionActionComponent> planActions =
                policy.planDefinition().getAction().stream()
                        .filter(PlanDefinition.PlanDefinitionActionComponent::hasId)
                        .collect(Collectors.toMap(
                                PlanDefinition.PlanDefinitionActionComponent::getId, Function.identity(), (a, b) -> a));
        return new PolicyListing(
                policy.id(),
                library.getUrl(),
                library.getVersion(),
                library.getName(),
                library.getTitle(),
                library.hasStatus() ? library.getStatus().toCode() : null,
                library.getPublisher(),
                library.getApprovalDateElement().getValueAsString(),
                library.getLastReviewDateElement().getValueAsString(),
                library.getEffectivePeriod().getStartElement().getValueAsString(),
                library.getEffectivePeriod().getEndElement().getValueAsString(),
                library.getDescription(),
                library.getRelatedArtifact().stream()
                        .map(PolicyListing::artifact)
                        .toList(),
                valueSets.stream().map(v -> codes(v, role(roles, v))).toList(),
                policy.actions().stream()
                        .map(a -> action(a, planActions.get(a.id())))
                        .toList());
    }

    private static Artifact artifact(RelatedArtifact a) {
        return new Artifact(
                a.hasType() ? a.getType().toCode() : null,
                a.getLabel(),
                a.getDisplay(),
                a.getCitation(),
                a.getUrl(),
                a.getResource());
    }

    private static String role(Map<String, String> roles, ValueSet valueSet) {
        String role = roles.get(valueSet.getUrl());
        return role != null ? role : roles.get(valueSet.getUrl() + "|" + valueSet.getVersion());
    }

    private static Codes codes(ValueSet valueSet, String role) {
        return new Codes(
                valueSet.getUrl(),
                valueSet.getVersion(),
                valueSet.getTitle(),
                role,
                valueSet.getExpansion().getContains().stream()
                        .map(c -> new Code(c.getSystem(), c.getCode(), c.getDisplay()))
                        .toList());
    }

    private static Action action(PolicyAction action, PlanDefinition.PlanDefinitionActionComponent written) {
        // The hooks in the order the PlanDefinition's triggers list them, as the analyst wrote them
        List<String> hooks = written == null
                ? action.hooks().stream().sorted().toList()
                : written.getTrigger().stream()
                        .map(t -> t.getName())
                        .filter(action.hooks()::contains)
                        .distinct()
                        .toList();
        return new Action(
                action.id(),
                written == null ? null : written.getTitle(),
                action.responseType().getCode(),
                hooks,
                action.condition(),
                List.copyOf(action.switches()));
    }
}
