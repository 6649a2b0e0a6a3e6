package org.payercrd.review;

import org.payercrd.fhir.RelativeReference;
import org.payercrd.services.ResponseOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.payercrd.fhir.PatientData;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.operations.HookMetrics;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyAction;
import org.payercrd.policy.PolicyCatalog;
import org.springframework.stereotype.Component;

/**
 * Reviews one order, whatever hook it came from: evaluates each policy's CQL for it once, turns the actions that
 * fire (for this hook, and not switched off by the EHR) into cards, and records coverage assertions on a copy of
 * the order. An order billed to another payer gets nothing from this payer's policies.
 */
@Component
public class OrderAssessor {

    /** The decision metric's outcome when a policy evaluated an order and asserted nothing about its coverage. */
    static final String NO_ASSERTION = "no-assertion";

    private final PolicyCatalog catalog;
    private final CoverageSelector coverageSelector;
    private final CoverageInformationExtension coverageInformation;
    private final CardFactory cardFactory;
    private final HookMetrics metrics;

    public OrderAssessor(PolicyCatalog catalog, CoverageSelector coverageSelector,
            CoverageInformationExtension coverageInformation, CardFactory cardFactory, HookMetrics metrics) {
        this.catalog = catalog;
        this.coverageSelector = coverageSelector;
        this.coverageInformation = coverageInformation;
        this.cardFactory = cardFactory;
        this.metrics = metrics;
    }

    /** The policies one whole call is assessed against, taken once per call. */
    LoadedPolicies policiesForOneCall() {
        return catalog.current();
    }

    /**
     * Assesses one order of the call. The seam for choosing policies by code and evaluating lazily is
     * the private {@code assess} of one policy for one order, which today evaluates every expression the policy uses.
     */
    public OrderAssessment assess(Resource order, ReviewCall call) {
        CoverageResolution resolution = coverageSelector.coverageFor(order, call.data());
        if (resolution.otherPayer()) {
            return OrderAssessment.NOTHING;
        }
        Optional<Coverage> coverage = resolution.ourCoverage();
        String orderReference = RelativeReference.of(order);
        Findings findings = new Findings();
        LoadedPolicies loaded = call.policies();
        for (Policy policy : loaded.policies()) {
            if (policy.orderType() == order.getResourceType()) {
                assess(loaded, policy, order, call, coverage, orderReference, findings);
            }
        }
        return findings.assessment(order);
    }

    private void assess(LoadedPolicies loaded, Policy policy, Resource order, ReviewCall call,
            Optional<Coverage> coverage, String orderReference, Findings findings) {
        Map<String, Object> values = loaded.evaluator()
                .evaluate(policy, order, coverage.orElse(null), call.data().patientReference(), call.dataBundle());
        String decision = NO_ASSERTION;
        for (PolicyAction action : policy.actions()) {
            if (!action.appliesTo(call.hook()) || !call.options().allEnabled(action.switches())
                    || !Boolean.TRUE.equals(values.get(action.condition()))) {
                continue;
            }
            if (action.isCoverageInformation()) {
                decision = assertCoverage(policy, action, values, call, coverage, orderReference, findings)
                        .orElse(decision);
            } else {
                findings.cards.add(
                        cardFactory.build(policy, action, values, orderReference, call.options().crdVersion()));
            }
        }
        metrics.decision(policy.id(), decision);
    }

    /** Records the coverage assertion a coverage-info action makes; returns its {@code covered} value, if any. */
    private Optional<String> assertCoverage(Policy policy, PolicyAction action, Map<String, Object> values,
            ReviewCall call, Optional<Coverage> coverage, String orderReference, Findings findings) {
        CoverageAssertion assertion = new CoverageAssertion(
                coverage.map(call.assertionIds()::forCoverage).orElse(null), coverage.orElse(null), call.today(),
                dynamicValues(action, values), policy.url(), policy.version(),
                policy.policyDocument().map(RelatedArtifact::getUrl).orElse(null));
        Optional<Extension> extension = coverageInformation.build(assertion, call.options().crdVersion());
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

        OrderAssessment assessment(Resource order) {
            return new OrderAssessment(List.copyOf(cards), extensions.isEmpty() ? null
                    : Action.update(String.join(" ", descriptions), annotated(order, extensions)),
                    List.copyOf(described));
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
