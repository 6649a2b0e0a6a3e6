package org.payercrd.review;

import org.payercrd.services.ResponseOptions;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.cards.CardFactory;
import org.payercrd.coverage.AssertionIds;
import org.payercrd.coverage.CoverageAssertion;
import org.payercrd.coverage.CoverageInformationExtension;
import org.payercrd.coverage.CoverageResolution;
import org.payercrd.coverage.CoverageSelector;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.DraftOrders;
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

    /**
     * @param dataBundle   {@code data} as the Bundle CQL retrieves search, built once per hook call
     * @param assertionIds the response's assertion ids, shared by all its orders
     */
    public OrderAssessment assess(Resource order, String hook, ResponseOptions options, PatientData data,
            Bundle dataBundle, LocalDate today, AssertionIds assertionIds) {
        String orderReference = DraftOrders.referenceTo(order);
        CoverageResolution resolution = coverageSelector.coverageFor(order, data);
        if (resolution.otherPayer()) {
            return OrderAssessment.NOTHING;
        }
        Optional<Coverage> coverage = resolution.ourCoverage();
        List<Card> cards = new ArrayList<>();
        List<Extension> assertions = new ArrayList<>();
        List<OrderAssertion> described = new ArrayList<>();
        List<String> assertionDescriptions = new ArrayList<>();
        LoadedPolicies loaded = catalog.current();
        for (Policy policy : loaded.policies()) {
            if (policy.orderType() != order.getResourceType()) {
                continue;
            }
            Map<String, Object> values = loaded.evaluator()
                    .evaluate(policy, order, coverage.orElse(null), data.patientReference(), dataBundle);
            String[] decision = {NO_ASSERTION};
            for (PolicyAction action : policy.actions()) {
                if (!action.appliesTo(hook) || !options.allEnabled(action.switches())
                        || !Boolean.TRUE.equals(values.get(action.condition()))) {
                    continue;
                }
                if (action.isCoverageInformation()) {
                    CoverageAssertion assertion = new CoverageAssertion(
                            coverage.map(assertionIds::forCoverage).orElse(null), coverage.orElse(null), today,
                            dynamicValues(action, values), policy.url(), policy.version(),
                            policy.policyDocument().map(RelatedArtifact::getUrl).orElse(null));
                    coverageInformation.build(assertion, options.crdVersion()).ifPresent(extension -> {
                        assertions.add(extension);
                        described.add(coverageInformation.describe(orderReference, assertion, extension));
                        assertionDescriptions.add(action.description().render(values));
                        decision[0] = assertion.covered().orElse(decision[0]);
                    });
                } else {
                    cards.add(cardFactory.build(policy, action, values, orderReference, options.crdVersion()));
                }
            }
            metrics.decision(policy.id(), decision[0]);
        }
        return new OrderAssessment(cards, assertions.isEmpty() ? null
                : Action.update(String.join(" ", assertionDescriptions), annotated(order, assertions)),
                List.copyOf(described));
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
