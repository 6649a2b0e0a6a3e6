package org.payercrd.review;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.cards.CardFactory;
import org.payercrd.coverage.CoverageAssertion;
import org.payercrd.coverage.CoverageInformationExtension;
import org.payercrd.coverage.CoverageResolution;
import org.payercrd.coverage.CoverageSelector;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.RelativeReference;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.operations.HookMetrics;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.OrderEvaluation;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyAction;
import org.springframework.stereotype.Component;

/**
 * Reviews one order, whatever hook it came from: evaluates the CQL of each policy that governs one of its codes
 * (chosen by the index built with the policies, before any CQL), first the conditions of the actions that may fire
 * (for this hook, and not switched off by the EHR), then only the wording of those that fired; turns them into cards, and records coverage assertions on a copy of
 * the order. An order billed to another payer gets nothing from this payer's policies.
 */
@Component
public class OrderAssessor {

    /** The decision metric's outcome when a policy evaluated an order and asserted nothing about its coverage. */
    static final String NO_ASSERTION = "no-assertion";

    private final CoverageSelector coverageSelector;
    private final CoverageInformationExtension coverageInformation;
    private final CardFactory cardFactory;
    private final HookMetrics metrics;

    public OrderAssessor(
            CoverageSelector coverageSelector,
            CoverageInformationExtension coverageInformation,
            CardFactory cardFactory,
            HookMetrics metrics) {
        this.coverageSelector = coverageSelector;
        this.coverageInformation = coverageInformation;
        this.cardFactory = cardFactory;
        this.metrics = metrics;
    }

    /**
     * Assesses one order of the call against the policies that govern one of its codes ({@link
     * LoadedPolicies#policiesFor}): an order no policy governs gets no CQL evaluation and, as before, nothing.
     */
    public OrderAssessment assess(Resource order, ReviewCall call) {
        CoverageResolution resolution = coverageSelector.coverageFor(order, call.data());
        if (resolution.otherPayer()) {
            return OrderAssessment.NOTHING;
        }
        LoadedPolicies loaded = call.policies();
        List<Policy> governing = loaded.policiesFor(order);
        if (governing.isEmpty()) {
            return OrderAssessment.NOTHING;
        }
        Optional<Coverage> coverage = resolution.ourCoverage();
        String orderReference = RelativeReference.of(order);
        Findings findings = new Findings();
        for (Policy policy : governing) {
            assess(loaded, policy, order, call, coverage, orderReference, findings);
        }
        return findings.assessment(order);
    }

    /**
     * Evaluates only what fires, in two steps on one {@link OrderEvaluation} (so that what the conditions computed is
     * reused, within this order only): the conditions of the actions that may fire (for this hook, not switched off
     * by the EHR), then the text and dynamic-value expressions of the actions whose condition held.
     */
    private void assess(
            LoadedPolicies loaded,
            Policy policy,
            Resource order,
            ReviewCall call,
            Optional<Coverage> coverage,
            String orderReference,
            Findings findings) {
        OrderEvaluation evaluation = loaded.evaluator()
                .begin(policy, order, coverage.orElse(null), call.data().patientReference(), call.dataBundle());
        List<PolicyAction> candidates = new ArrayList<>();
        Set<String> conditions = new LinkedHashSet<>();
        for (PolicyAction action : policy.actions()) {
            if (action.appliesTo(call.hook()) && call.options().allEnabled(action.switches())) {
                candidates.add(action);
                conditions.add(action.condition());
            }
        }
        Map<String, Object> values = evaluation.values(conditions);
        List<PolicyAction> fired = new ArrayList<>();
        Set<String> wording = new LinkedHashSet<>();
        for (PolicyAction action : candidates) {
            if (Boolean.TRUE.equals(values.get(action.condition()))) {
                fired.add(action);
                wording.addAll(action.expressions());
            }
        }
        values = evaluation.values(wording);
        String decision = NO_ASSERTION;
        for (PolicyAction action : fired) {
            if (action.isCoverageInformation()) {
                decision = assertCoverage(policy, action, values, call, coverage, orderReference, findings)
                        .orElse(decision);
            } else {
                findings.cards.add(cardFactory.build(
                        policy, action, values, orderReference, call.options().crdVersion()));
            }
        }
        findings.evaluations.put(policy.id(), evaluation);
        metrics.decision(policy.id(), decision);
    }

    /** Records the coverage assertion a coverage-info action makes; returns its {@code covered} value, if any. */
    private Optional<String> assertCoverage(
            Policy policy,
            PolicyAction action,
            Map<String, Object> values,
            ReviewCall call,
            Optional<Coverage> coverage,
            String orderReference,
            Findings findings) {
        CoverageAssertion assertion = new CoverageAssertion(
                coverage.map(call.assertionIds()::forCoverage).orElse(null),
                coverage.orElse(null),
                call.today(),
                dynamicValues(action, values),
                policy.url(),
                policy.version(),
                policy.policyDocument().map(RelatedArtifact::getUrl).orElse(null));
        Optional<Extension> extension =
                coverageInformation.build(assertion, call.options().crdVersion());
        if (extension.isEmpty()) {
            return Optional.empty();
        }
        findings.extensions.add(extension.get());
        findings.described.add(coverageInformation.describe(orderReference, assertion, extension.get()));
        findings.descriptions.add(action.description().render(values));
        return assertion.covered();
    }

    /** What the policies said about one order so far. */
    private static final class Findings {
        private final List<Card> cards = new ArrayList<>();
        private final List<Extension> extensions = new ArrayList<>();
        private final List<OrderAssertion> described = new ArrayList<>();
        private final List<String> descriptions = new ArrayList<>();
        private final Map<String, OrderEvaluation> evaluations = new LinkedHashMap<>();

        OrderAssessment assessment(Resource order) {
            return new OrderAssessment(
                    List.copyOf(cards),
                    extensions.isEmpty()
                            ? null
                            : Action.update(String.join(" ", descriptions), annotated(order, extensions)),
                    List.copyOf(described),
                    Collections.unmodifiableMap(evaluations));
        }
    }

    /** The order as the EHR sent it, plus the assertions: CRD asks that nothing else change. */
    private static DomainResource annotated(Resource order, List<Extension> assertions) {
        DomainResource copy = (DomainResource) order.copy();
        assertions.forEach(copy::addExtension);
        return copy;
    }

    private static Map<String, Object> dynamicValues(PolicyAction action, Map<String, Object> values) {
        Map<String, Object> byPath = new LinkedHashMap<>();
        action.dynamicValues().forEach((path, expression) -> byPath.put(path, values.get(expression)));
        return byPath;
    }
}
