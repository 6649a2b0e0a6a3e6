package org.payercrd.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.payercrd.cards.CardFactory;
import org.payercrd.cards.MissingDataNote;
import org.payercrd.coverage.CoverageInformationExtension;
import org.payercrd.coverage.CoverageSelector;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.PatientDataGatherer;
import org.payercrd.hooks.Action;
import org.payercrd.hooks.Card;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.hooks.HookContext;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.hooks.Link;
import org.payercrd.lifecycle.PolicyCase.ExpectedCard;
import org.payercrd.lifecycle.PolicyCaseReader.NamedCase;
import org.payercrd.operations.HookMetrics;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.PolicyFolder;
import org.payercrd.review.HookCallReview;
import org.payercrd.review.OrderAssessor;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ServiceDirectory;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Runs policies' test cases through the service's own review pipeline ({@link HookRequestReader}, then
 * {@link HookCallReview}), without HTTP, against a given snapshot of policies: the one being served, or a candidate a
 * reload or the check command has just built. Decisions are counted on a registry of the runner's own, so test
 * cases never show in the service's metrics.
 */
@Component
public class PolicyCaseRunner {

    private final HookRequestReader requestReader;
    private final ServiceDirectory directory;
    private final PatientDataGatherer gatherer;
    private final CoverageSelector coverageSelector;
    private final CoverageInformationExtension coverageInformation;
    private final CardFactory cardFactory;
    private final MissingDataNote missingDataNote;
    private final Clock clock;
    private final ObjectMapper objectMapper;
    private final PolicyCaseReader caseReader;
    private final CaseRequestBuilder requestBuilder;

    /** The hook a short-form case (an order and resources) is sent as, unless it names its service. */
    static final String SHORT_FORM_HOOK = "order-sign";

    public PolicyCaseRunner(
            HookRequestReader requestReader,
            ServiceDirectory directory,
            PatientDataGatherer gatherer,
            CoverageSelector coverageSelector,
            CoverageInformationExtension coverageInformation,
            CardFactory cardFactory,
            MissingDataNote missingDataNote,
            Clock clock,
            ObjectMapper objectMapper,
            ResourcePatternResolver resolver,
            FhirJson fhirJson) {
        this.requestReader = requestReader;
        this.directory = directory;
        this.gatherer = gatherer;
        this.coverageSelector = coverageSelector;
        this.coverageInformation = coverageInformation;
        this.cardFactory = cardFactory;
        this.missingDataNote = missingDataNote;
        this.clock = clock;
        this.objectMapper = objectMapper;
        this.caseReader = new PolicyCaseReader(resolver, objectMapper);
        this.requestBuilder = new CaseRequestBuilder(fhirJson, objectMapper);
    }

    /** Every test case of every folder the snapshot was loaded from. */
    public List<NamedCase> casesOf(LoadedPolicies policies) {
        List<NamedCase> cases = new ArrayList<>();
        for (PolicyFolder folder : policies.folders()) {
            cases.addAll(caseReader.read(folder));
        }
        return cases;
    }

    /** Runs every test case of the snapshot's folders against that snapshot. */
    public List<CaseResult> runAll(LoadedPolicies policies) {
        return runAll(policies, servicesFor(policies));
    }

    /** Runs every test case against a reload's candidate: its policies and the services built with them. */
    public List<CaseResult> runAll(LoadedPolicies policies, ServiceDirectory services) {
        HookCallReview review = newReview();
        return casesOf(policies).stream().map(c -> run(review, services, c)).toList();
    }

    public CaseResult run(LoadedPolicies policies, NamedCase namedCase) {
        return run(newReview(), servicesFor(policies), namedCase);
    }

    private CaseResult run(HookCallReview review, ServiceDirectory services, NamedCase namedCase) {
        PolicyCase policyCase = namedCase.policyCase();
        List<String> problems = new ArrayList<>();
        try {
            compare(policyCase.expect(), answer(review, services, namedCase), problems);
        } catch (Exception e) {
            problems.add("the request could not be answered: " + e.getMessage());
        }
        return new CaseResult(namedCase.name(), policyCase.description(), List.copyOf(problems));
    }

    /** The service's whole answer to a case's request, for checks beyond the case's own expectations. */
    public CdsServiceResponse answer(LoadedPolicies policies, NamedCase namedCase) throws Exception {
        return answer(newReview(), servicesFor(policies), namedCase);
    }

    /**
     * The CDS Services as built with these policies: a call is reviewed against the policies its service's definition
     * carries, so a snapshot other than the served one needs definitions of its own.
     */
    private ServiceDirectory servicesFor(LoadedPolicies policies) {
        return directory.policies() == policies ? directory : directory.withPolicies(policies);
    }

    private CdsServiceResponse answer(HookCallReview review, ServiceDirectory services, NamedCase namedCase)
            throws Exception {
        PolicyCase policyCase = namedCase.policyCase();
        CdsServiceDefinition service;
        CdsServiceRequest request;
        if (policyCase.request() == null) {
            service = service(services, policyCase, SHORT_FORM_HOOK);
            request = objectMapper.treeToValue(
                    requestBuilder.build(namedCase.name(), service, policyCase), CdsServiceRequest.class);
        } else {
            request = objectMapper.treeToValue(policyCase.request(), CdsServiceRequest.class);
            service = service(services, policyCase, request.hook());
        }
        HookContext context = requestReader.read(service.hook(), request);
        return review.review(service, context, request).response();
    }

    private HookCallReview newReview() {
        OrderAssessor assessor = new OrderAssessor(
                coverageSelector, coverageInformation, cardFactory, new HookMetrics(new SimpleMeterRegistry()));
        return new HookCallReview(gatherer, assessor, missingDataNote, clock);
    }

    private static CdsServiceDefinition service(ServiceDirectory services, PolicyCase policyCase, String hook) {
        if (policyCase.service() != null) {
            return services.find(policyCase.service());
        }
        return services.firstFor(hook)
                .orElseThrow(() -> new IllegalArgumentException("no CDS Service answers hook " + hook));
    }

    private static void compare(PolicyCase.Expected expected, CdsServiceResponse response, List<String> problems) {
        List<Card> unmatched = new ArrayList<>(response.cards());
        for (ExpectedCard card : expected.cardsOrEmpty()) {
            Card match =
                    unmatched.stream().filter(c -> matches(card, c)).findFirst().orElse(null);
            if (match == null) {
                problems.add("no card " + describe(card) + " among " + summaries(unmatched));
            } else {
                unmatched.remove(match);
            }
        }
        if (!unmatched.isEmpty()) {
            problems.add("unexpected cards " + summaries(unmatched));
        }
        for (String link : expected.linksOrEmpty()) {
            boolean present = response.cards().stream()
                    .filter(c -> c.links() != null)
                    .flatMap(c -> c.links().stream())
                    .map(Link::url)
                    .anyMatch(u -> u != null && u.contains(link));
            if (!present) {
                problems.add("no card links to " + link);
            }
        }
        if (expected.covered() != null) {
            List<String> covered = coveredValues(response);
            boolean none = "none".equals(expected.covered());
            if (none
                    ? !covered.isEmpty()
                    : covered.isEmpty() || !covered.stream().allMatch(expected.covered()::equals)) {
                problems.add("coverage-information covered " + (covered.isEmpty() ? "none" : covered) + ", expected "
                        + expected.covered());
            }
        }
    }

    private static boolean matches(ExpectedCard expected, Card card) {
        return card.summary() != null
                && card.summary()
                        .toLowerCase(Locale.ROOT)
                        .contains(expected.summary().toLowerCase(Locale.ROOT))
                && (expected.indicator() == null
                        || card.indicator() != null
                                && expected.indicator().equals(card.indicator().code()))
                && (expected.topic() == null
                        || card.source() != null
                                && card.source().topic() != null
                                && expected.topic().equals(card.source().topic().code()));
    }

    private static List<String> coveredValues(CdsServiceResponse response) {
        List<String> values = new ArrayList<>();
        for (Action action : response.systemActions()) {
            if (action.resource() instanceof DomainResource order) {
                for (Extension info : order.getExtensionsByUrl(CoverageInformationExtension.URL)) {
                    Extension covered = info.getExtensionByUrl("covered");
                    values.add(
                            covered == null
                                    ? null
                                    : Objects.toString(covered.getValue().primitiveValue()));
                }
            }
        }
        return values;
    }

    private static String describe(ExpectedCard card) {
        return "'" + card.summary() + "'" + (card.indicator() == null ? "" : " " + card.indicator())
                + (card.topic() == null ? "" : " topic " + card.topic());
    }

    private static String summaries(List<Card> cards) {
        return cards.stream()
                .map(c -> "'" + c.summary() + "' "
                        + (c.indicator() == null ? null : c.indicator().code()) + " topic "
                        + (c.source() == null || c.source().topic() == null
                                ? "-"
                                : c.source().topic().code()))
                .toList()
                .toString();
    }
}
