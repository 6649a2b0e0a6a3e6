package org.payercrd.review;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.CrdProperties.HookService;
import org.payercrd.cards.CardFactory;
import org.payercrd.coverage.CoverageAssertion;
import org.payercrd.coverage.CoverageInformationExtension;
import org.payercrd.coverage.CoverageSelector;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.DraftOrders;
import org.payercrd.fhir.PatientData;
import org.payercrd.fhir.PrefetchReader;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.hooks.OrderHookContext;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyAction;
import org.payercrd.policy.PolicyCatalog;
import org.springframework.stereotype.Service;

/**
 * Reviews the orders of an order hook against every policy: evaluates each policy's CQL once per order, turns the
 * actions that fire into cards, and records coverage assertions on a copy of the order returned as a system
 * action.
 */
@Service
public class OrderReview {

    private static final Comparator<Card> MOST_SEVERE_FIRST = Comparator.comparingInt(card -> switch (card.indicator()) {
        case "critical" -> 0;
        case "warning" -> 1;
        default -> 2;
    });

    private final PolicyCatalog catalog;
    private final ServiceDirectory directory;
    private final PrefetchReader prefetchReader;
    private final CoverageSelector coverageSelector;
    private final CoverageInformationExtension coverageInformation;
    private final CardFactory cardFactory;
    private final Clock clock;

    public OrderReview(PolicyCatalog catalog, ServiceDirectory directory, PrefetchReader prefetchReader,
            CoverageSelector coverageSelector, CoverageInformationExtension coverageInformation,
            CardFactory cardFactory, Clock clock) {
        this.catalog = catalog;
        this.directory = directory;
        this.prefetchReader = prefetchReader;
        this.coverageSelector = coverageSelector;
        this.coverageInformation = coverageInformation;
        this.cardFactory = cardFactory;
        this.clock = clock;
    }

    public ReviewResult review(HookService service, OrderHookContext context, CdsServiceRequest request) {
        String hook = service.hook();
        ResponseOptions options = ResponseOptions.from(request.extensionOrEmpty(), directory.switches(hook),
                service.crdVersion());
        PatientData data = prefetchReader.read(context.patientId(), request.prefetchOrEmpty());
        Bundle dataBundle = data.asBundle();
        LocalDate today = LocalDate.now(clock);
        Map<String, String> assertionIdByCoverage = new HashMap<>();
        List<Card> cards = new ArrayList<>();
        List<Action> systemActions = new ArrayList<>();
        List<OrderAssertion> assertionsMade = new ArrayList<>();
        for (Resource order : context.ordersUnderReview(hook).orders()) {
            String orderReference = DraftOrders.referenceTo(order);
            Optional<Coverage> coverage = coverageSelector.coverageFor(order, data);
            DomainResource annotated = null;
            List<String> assertionDescriptions = new ArrayList<>();
            for (Policy policy : catalog.policies()) {
                if (policy.orderType() != order.getResourceType()) {
                    continue;
                }
                Map<String, Object> values = catalog.evaluator()
                        .evaluate(policy, order, coverage.orElse(null), data.patientReference(), dataBundle);
                for (PolicyAction action : policy.actions()) {
                    if (!action.appliesTo(hook) || !options.enabled(action.responseType().getCode())
                            || !Boolean.TRUE.equals(values.get(action.condition()))) {
                        continue;
                    }
                    if (action.isCoverageInformation()) {
                        if (annotated == null) {
                            annotated = (DomainResource) order.copy();
                        }
                        String coverageKey = coverage.map(Coverage::getIdPart).orElse("");
                        CoverageAssertion assertion = new CoverageAssertion(
                                assertionIdByCoverage.computeIfAbsent(coverageKey, k -> UUID.randomUUID().toString()),
                                coverage.orElse(null), today, dynamicValues(action, values), policy.url(),
                                policy.version());
                        Extension extension = coverageInformation.build(assertion);
                        annotated.addExtension(extension);
                        assertionsMade.add(coverageInformation.describe(orderReference, assertion, extension));
                        assertionDescriptions.add(action.description().render(values));
                    } else {
                        cards.add(cardFactory.build(policy, action, values, orderReference, options.crdVersion()));
                    }
                }
            }
            if (annotated != null) {
                systemActions.add(Action.update(String.join(" ", assertionDescriptions), annotated));
            }
        }
        return new ReviewResult(new CdsServiceResponse(capped(cards, options.maxCards()), systemActions),
                List.copyOf(assertionsMade), data);
    }

    private static Map<String, Object> dynamicValues(PolicyAction action, Map<String, Object> values) {
        Map<String, Object> byPath = new LinkedHashMap<>();
        action.dynamicValues().forEach((path, expression) -> byPath.put(path, values.get(expression)));
        return byPath;
    }

    private static List<Card> capped(List<Card> cards, Integer maxCards) {
        if (maxCards == null || cards.size() <= maxCards) {
            return cards;
        }
        return cards.stream().sorted(MOST_SEVERE_FIRST).limit(maxCards).toList();
    }
}
