package org.payercrd.policy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.TriggerDefinition;

/**
 * Reads a PlanDefinition's actions into {@link PolicyAction}s. The conventions (see docs/policy-authoring.md):
 * an action's {@code code} holds its CRD card-type codings and one coding from the response-type code system;
 * its single applicability {@code condition} names a CQL expression; its named-event triggers name the hooks;
 * override reasons ride on an extension of the action.
 */
class PlanDefinitionReader {

    static final String RESPONSE_TYPE_SYSTEM = "https://payercrd.org/fhir/CodeSystem/crd-response-type";
    static final String OVERRIDE_REASON_EXTENSION = "https://payercrd.org/fhir/StructureDefinition/cds-override-reason";

    List<PolicyAction> read(String policy, PlanDefinition plan) {
        return plan.getAction().stream().map(action -> read(policy, action)).toList();
    }

    private PolicyAction read(String policy, PlanDefinitionActionComponent action) {
        String where = "Policy " + policy + ", PlanDefinition action '" + action.getId() + "'";
        List<Coding> codings =
                action.getCode().stream().flatMap(c -> c.getCoding().stream()).toList();
        Coding responseType = codings.stream()
                .filter(c -> RESPONSE_TYPE_SYSTEM.equals(c.getSystem()))
                .findFirst()
                .orElseThrow(() -> new PolicyDefinitionException(
                        where + " has no code from " + RESPONSE_TYPE_SYSTEM + " saying what it produces"));
        List<Coding> topics = codings.stream()
                .filter(c -> !RESPONSE_TYPE_SYSTEM.equals(c.getSystem()))
                .toList();
        if (topics.isEmpty()) {
            throw new PolicyDefinitionException(where + " has no CRD card-type coding for the card's topic");
        }
        Set<String> hooks = new LinkedHashSet<>();
        for (TriggerDefinition trigger : action.getTrigger()) {
            if (trigger.getType() == TriggerDefinition.TriggerType.NAMEDEVENT && trigger.hasName()) {
                hooks.add(trigger.getName());
            }
        }
        List<String> conditions = action.getCondition().stream()
                .filter(c -> c.getKind() == PlanDefinition.ActionConditionKind.APPLICABILITY)
                .map(c -> c.getExpression().getExpression())
                .toList();
        if (conditions.size() != 1) {
            throw new PolicyDefinitionException(
                    where + " must have exactly one applicability condition, has " + conditions.size());
        }
        Map<String, String> dynamicValues = new LinkedHashMap<>();
        action.getDynamicValue()
                .forEach(v -> dynamicValues.put(v.getPath(), v.getExpression().getExpression()));
        List<Coding> overrideReasons = action.getExtensionsByUrl(OVERRIDE_REASON_EXTENSION).stream()
                .map(Extension::getValue)
                .filter(Coding.class::isInstance)
                .map(Coding.class::cast)
                .toList();
        return new PolicyAction(
                action.getId(),
                responseType,
                topics,
                Set.copyOf(hooks),
                conditions.get(0),
                TextTemplate.parse(action.getTitle()),
                TextTemplate.parse(action.getDescription()),
                action.hasPriority() ? action.getPriority().toCode() : "routine",
                List.copyOf(action.getDocumentation()),
                overrideReasons,
                java.util.Collections.unmodifiableMap(dynamicValues));
    }
}
