package org.payercrd.policy;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.DataRequirement.DataRequirementCodeFilterComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which policies to evaluate for an order, chosen by its codes before any CQL runs. Each policy's Library declares
 * the orders it governs as a standard {@code dataRequirement} (type = the order type, one {@code codeFilter} with the
 * coded element's {@code path} and a {@code valueSet} and/or {@code code}s); at load the ValueSets' expansions
 * become one map from {@code system -> code -> policies}. In real traffic almost no order is one a policy governs,
 * so most orders cost a map look-up per coding instead of a CQL evaluation per policy.
 *
 * <p>A policy that declares nothing of its order type is evaluated for every order of that type, as before the
 * index existed (the safe default), and loading logs a warning naming it.
 */
public final class OrderCodeIndex {

    private static final Logger log = LoggerFactory.getLogger(OrderCodeIndex.class);

    private final Map<ResourceType, OrderTypeIndex> byType;

    private OrderCodeIndex(Map<ResourceType, OrderTypeIndex> byType) {
        this.byType = byType;
    }

    /**
     * @param valueSets every loaded ValueSet, expanded ({@link ValueSetExpansions})
     * @throws PolicyDefinitionException for a declaration the index cannot read
     */
    static OrderCodeIndex build(List<Policy> policies, List<ValueSet> valueSets, FhirContext fhirContext) {
        Map<ResourceType, List<Policy>> policiesByType = new LinkedHashMap<>();
        policies.forEach(p -> policiesByType
                .computeIfAbsent(p.orderType(), t -> new ArrayList<>())
                .add(p));
        Map<ResourceType, OrderTypeIndex> byType = new HashMap<>();
        policiesByType.forEach((type, ofType) -> byType.put(
                type, OrderTypeIndex.build(type, ofType, valueSets, fhirContext.getResourceDefinition(type.name()))));
        return new OrderCodeIndex(Map.copyOf(byType));
    }

    /**
     * The policies to evaluate for this order, in catalog order: those governing one of the codings it carries,
     * and those that declare no codes. Empty for an order no policy governs: it needs no CQL at all.
     */
    public List<Policy> policiesFor(Resource order) {
        OrderTypeIndex index = byType.get(order.getResourceType());
        return index == null ? List.of() : index.policiesFor(order);
    }

    /** Whether the index would have {@code policy} evaluated for {@code order}. */
    public boolean selects(Policy policy, Resource order) {
        return policiesFor(order).contains(policy);
    }

    /** The policies of one order type, and the codes each governs, by the coded element they name. */
    private record OrderTypeIndex(List<Policy> policies, boolean[] everyOrder, List<CodedElement> elements) {

        static OrderTypeIndex build(
                ResourceType type,
                List<Policy> policies,
                List<ValueSet> valueSets,
                RuntimeResourceDefinition definition) {
            boolean[] everyOrder = new boolean[policies.size()];
            Map<String, CodedElement> elements = new LinkedHashMap<>();
            for (int position = 0; position < policies.size(); position++) {
                Policy policy = policies.get(position);
                List<DataRequirement> declared = policy.library().getDataRequirement().stream()
                        .filter(r -> type.name().equals(r.getType()))
                        .toList();
                if (declared.isEmpty()) {
                    everyOrder[position] = true;
                    log.warn(
                            "Policy {}: Library {} declares no dataRequirement of type {} naming the codes it governs,"
                                    + " so its CQL is evaluated for every {} (see docs/policy-authoring.md)",
                            policy.id(),
                            policy.url(),
                            type.name(),
                            type.name());
                    continue;
                }
                for (DataRequirement requirement : declared) {
                    DataRequirementCodeFilterComponent filter = onlyCodeFilter(policy, requirement);
                    String path = filter.getPath();
                    CodedElement element = elements.computeIfAbsent(path, p -> CodedElement.of(policy, definition, p));
                    int at = position;
                    codes(policy, filter, valueSets).forEach(coding -> element.add(coding, at));
                }
            }
            return new OrderTypeIndex(List.copyOf(policies), everyOrder, List.copyOf(elements.values()));
        }

        List<Policy> policiesFor(Resource order) {
            boolean[] selected = null;
            for (CodedElement element : elements) {
                selected = element.mark(order, selected, policies.size());
            }
            List<Policy> chosen = null;
            for (int position = 0; position < policies.size(); position++) {
                if (everyOrder[position] || (selected != null && selected[position])) {
                    if (chosen == null) {
                        chosen = new ArrayList<>(policies.size());
                    }
                    chosen.add(policies.get(position));
                }
            }
            return chosen == null ? List.of() : chosen;
        }
    }

    /** One coded element of the order type ({@code ServiceRequest.code}) and the policies each of its codes selects. */
    private record CodedElement(BaseRuntimeChildDefinition child, Map<String, Map<String, List<Integer>>> bySystem) {

        static CodedElement of(Policy policy, RuntimeResourceDefinition definition, String path) {
            BaseRuntimeChildDefinition child = path == null ? null : definition.getChildByName(path);
            BaseRuntimeElementDefinition<?> element = child == null ? null : child.getChildByName(path);
            if (element == null || !CodeableConcept.class.equals(element.getImplementingClass())) {
                throw new PolicyDefinitionException("Policy " + policy.id() + ": the Library's dataRequirement of type "
                        + definition.getName() + " filters on path " + path + ", which is not a CodeableConcept element"
                        + " of " + definition.getName());
            }
            return new CodedElement(child, new HashMap<>());
        }

        void add(Coding coding, int position) {
            List<Integer> positions = bySystem.computeIfAbsent(coding.getSystem(), s -> new HashMap<>())
                    .computeIfAbsent(coding.getCode(), c -> new ArrayList<>());
            if (!positions.contains(position)) {
                positions.add(position);
            }
        }

        /** Marks the positions of the policies governing a coding the order carries in this element. */
        boolean[] mark(Resource order, boolean[] selected, int size) {
            for (IBase value : child.getAccessor().getValues(order)) {
                if (value instanceof CodeableConcept concept) {
                    for (Coding coding : OrderCodings.of(concept)) {
                        Map<String, List<Integer>> codes =
                                bySystem.get(OrderCodings.normalisedSystem(coding.getSystem()));
                        List<Integer> positions = codes == null ? null : codes.get(coding.getCode());
                        if (positions != null) {
                            if (selected == null) {
                                selected = new boolean[size];
                            }
                            for (int position : positions) {
                                selected[position] = true;
                            }
                        }
                    }
                }
            }
            return selected;
        }
    }

    private static DataRequirementCodeFilterComponent onlyCodeFilter(Policy policy, DataRequirement requirement) {
        if (requirement.getCodeFilter().size() != 1) {
            throw new PolicyDefinitionException("Policy " + policy.id() + ": each dataRequirement of type "
                    + requirement.getType() + " must have exactly one codeFilter naming the codes the policy governs"
                    + " (it has " + requirement.getCodeFilter().size() + ")");
        }
        DataRequirementCodeFilterComponent filter = requirement.getCodeFilterFirstRep();
        if (!filter.hasValueSet() && !filter.hasCode()) {
            throw new PolicyDefinitionException("Policy " + policy.id() + ": the codeFilter of its dataRequirement of"
                    + " type " + requirement.getType() + " names neither a valueSet nor codes");
        }
        return filter;
    }

    /** The codes a code filter names: its ValueSet's expansion and its own codes. */
    private static List<Coding> codes(
            Policy policy, DataRequirementCodeFilterComponent filter, List<ValueSet> valueSets) {
        List<Coding> codes = new ArrayList<>();
        if (filter.hasValueSet()) {
            collect(
                    valueSet(policy, filter.getValueSet(), valueSets)
                            .getExpansion()
                            .getContains(),
                    codes);
        }
        filter.getCode().stream().filter(c -> c.hasSystem() && c.hasCode()).forEach(codes::add);
        return codes;
    }

    private static void collect(List<ValueSetExpansionContainsComponent> contains, List<Coding> codes) {
        for (ValueSetExpansionContainsComponent entry : contains) {
            if (entry.hasSystem() && entry.hasCode()) {
                codes.add(new Coding(entry.getSystem(), entry.getCode(), null));
            }
            collect(entry.getContains(), codes);
        }
    }

    private static ValueSet valueSet(Policy policy, String canonical, List<ValueSet> valueSets) {
        int bar = canonical.indexOf('|');
        String url = bar < 0 ? canonical : canonical.substring(0, bar);
        String version = bar < 0 ? null : canonical.substring(bar + 1);
        List<ValueSet> matching = valueSets.stream()
                .filter(v -> url.equals(v.getUrl()) && (version == null || version.equals(v.getVersion())))
                .toList();
        if (matching.size() != 1) {
            throw new PolicyDefinitionException("Policy " + policy.id() + ": its dataRequirement names ValueSet "
                    + canonical + ", which "
                    + (matching.isEmpty()
                            ? "is not among the loaded resources"
                            : "matches " + matching.size() + " loaded ValueSets: give its version"));
        }
        return matching.get(0);
    }
}
