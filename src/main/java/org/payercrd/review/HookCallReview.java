package org.payercrd.review;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.cards.MissingDataNote;
import org.payercrd.coverage.AssertionIds;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.fhir.EhrDataRequest;
import org.payercrd.fhir.PatientData;
import org.payercrd.fhir.PatientDataGatherer;
import org.payercrd.fhir.PrefetchTokens;
import org.payercrd.fhir.RelativeReference;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.hooks.FhirAuthorization;
import org.payercrd.hooks.HookContext;
import org.payercrd.hooks.ResourceLookup;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ResponseOptions;
import org.springframework.stereotype.Service;

/**
 * Answers one hook call: reads the EHR's options, gathers the patient's data (prefetch, then the EHR's FHIR server),
 * asks the hook's context for the orders under review, has each one assessed against every policy, and assembles
 * the cards (capped at {@code max-cards}, most severe kept) and the coverage-information system actions.
 * {@code systemActions} is always an array, so that clients and test kits of the hooks that must carry coverage
 * information (order-sign, order-dispatch, appointment-book) always find it.
 */
@Service
public class HookCallReview {

    private static final Comparator<Card> MOST_SEVERE_FIRST =
            Comparator.comparing(Card::indicator, Comparator.reverseOrder());

    private final PatientDataGatherer gatherer;
    private final OrderAssessor assessor;
    private final MissingDataNote missingDataNote;
    private final Clock clock;

    public HookCallReview(
            PatientDataGatherer gatherer, OrderAssessor assessor, MissingDataNote missingDataNote, Clock clock) {
        this.gatherer = gatherer;
        this.assessor = assessor;
        this.missingDataNote = missingDataNote;
        this.clock = clock;
    }

    public ReviewResult review(CdsServiceDefinition service, HookContext context, CdsServiceRequest request) {
        ResponseOptions options = service.responseOptions(request.extensionOrEmpty());
        PatientData data =
                gatherer.gather(dataRequest(service, context, request)).withoutCopiesOf(context.contextResources());
        Optional<String> note = missingDataNote.forKeys(data.unavailable());
        List<Resource> orders = context.ordersUnderReview(lookup(context, data));
        // The policies the service's definition was built from: the options the call was read with and the policies
        // it is assessed against are always one snapshot, whatever a reload swaps in meanwhile.
        ReviewCall call = new ReviewCall(
                service.hook(),
                options,
                data,
                data.asBundle(),
                LocalDate.now(clock),
                new AssertionIds(),
                service.policies());
        List<Card> cards = new ArrayList<>();
        List<Action> systemActions = new ArrayList<>();
        List<OrderAssertion> assertions = new ArrayList<>();
        List<ReviewedOrder> reviewed = new ArrayList<>(orders.size());
        for (Resource order : orders) {
            OrderAssessment assessment = assessor.assess(order, call);
            assertions.addAll(assessment.assertions());
            List<Card> orderCards = assessment.cards().stream()
                    .map(card ->
                            note.map(n -> missingDataNote.appendTo(card, n)).orElse(card))
                    .toList();
            cards.addAll(orderCards);
            Action coverageInformation = assessment.coverageInformation();
            if (coverageInformation != null) {
                coverageInformation = note.map(n -> withNote(assessment.coverageInformation(), n))
                        .orElse(coverageInformation);
                systemActions.add(coverageInformation);
            }
            reviewed.add(new ReviewedOrder(
                    RelativeReference.of(order),
                    orderCards.stream().map(Card::uuid).toList(),
                    coverageInformation));
        }
        return new ReviewResult(
                new CdsServiceResponse(capped(cards, options.maxCards()), systemActions),
                List.copyOf(assertions),
                List.copyOf(reviewed),
                data);
    }

    private EhrDataRequest dataRequest(CdsServiceDefinition service, HookContext context, CdsServiceRequest request) {
        FhirAuthorization authorization = request.fhirAuthorization();
        return new EhrDataRequest(
                context.patientId(),
                service.prefetch(),
                request.prefetchOrEmpty(),
                PrefetchTokens.from(request.context()),
                request.fhirServer(),
                authorization == null ? null : authorization.accessToken());
    }

    /** What the hook's references may name: the context's own resources first, then the patient data. */
    private static ResourceLookup lookup(HookContext context, PatientData data) {
        List<Resource> visible = new ArrayList<>(context.contextResources());
        visible.addAll(data.resources());
        return ResourceLookup.of(visible);
    }

    private static Action withNote(Action action, String note) {
        return action.withDescription(action.description() + " " + note);
    }

    private static List<Card> capped(List<Card> cards, int maxCards) {
        if (cards.size() <= maxCards) {
            return cards;
        }
        return cards.stream().sorted(MOST_SEVERE_FIRST).limit(maxCards).toList();
    }
}
