package org.payercrd.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.PatientData;
import org.payercrd.fhir.PrefetchReader;
import org.payercrd.hooks.Card;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.services.ServiceDirectory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 16 §2: a policy's conditions are evaluated first, its card and assertion wording only for the actions that
 * fired. What was evaluated is what the CQL engine itself computed for the order (its expression cache), so these
 * checks see the engine's work, not what the service meant to ask. The orders are the IRE policy's own test cases.
 */
class EvaluateOnlyWhatFiresTest extends RunningService {

    private static final String IRE = "ire-nanoknife";
    private static final Path CASES = Path.of("fhir-resources/ire-nanoknife/tests");
    private static final Path PLAN = Path.of("fhir-resources/ire-nanoknife/PlanDefinition-IreNanoKnifeCoverage.json");
    /** The contraindication card's own wording. */
    private static final Set<String> CONTRAINDICATION_WORDING = wordingOnlyOf("contraindication");
    /** The not-covered assertion's reason and the investigational card's wording. */
    private static final Set<String> COVERAGE_WORDING = wordingOnlyOf("coverage-assertion", "investigational");

    @Autowired
    OrderAssessor assessor;

    @Autowired
    ServiceDirectory directory;

    @Autowired
    PrefetchReader prefetchReader;

    @Autowired
    FhirJson fhirJson;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    void aMedicareAdvantageOrderWithoutContraindicationsEvaluatesNeitherTheContraindicationNorTheCoverageWording()
            throws IOException {
        OrderAssessment assessment = assessFirstOrder(request("medicare-advantage-member.json"));

        assertThat(assessment.cards())
                .extracting(Card::summary)
                .singleElement()
                .asString()
                .contains("Medicare Advantage");
        Set<String> evaluated = assessment.evaluated().get(IRE);
        assertThat(evaluated)
                .contains("Policy Governs Order", "Medicare Advantage Order", "Contraindication Found")
                .contains("IRE CPT Code", "Order Description")
                .doesNotContainAnyElementsOf(CONTRAINDICATION_WORDING)
                .doesNotContainAnyElementsOf(COVERAGE_WORDING);
    }

    @Test
    void aContraindicatedOrderEvaluatesTheContraindicationWordingItShows() throws IOException {
        OrderAssessment assessment = assessFirstOrder(request("contraindication-epilepsy.json"));

        assertThat(assessment.cards()).extracting(Card::summary).anyMatch(s -> s.contains("contraindicated"));
        assertThat(assessment.evaluated().get(IRE))
                .containsAll(CONTRAINDICATION_WORDING)
                .containsAll(COVERAGE_WORDING);
    }

    @Test
    void anActionTheEhrSwitchedOffHasNotEvenItsConditionEvaluated() throws IOException {
        ObjectNode request = request("contraindication-epilepsy.json");
        request.putObject("extension").putObject("davinci-crd.configuration").put("contraindication", false);

        OrderAssessment assessment = assessFirstOrder(request);

        assertThat(assessment.cards())
                .extracting(Card::summary)
                .noneMatch(s -> s.contains("contraindicated"))
                .isNotEmpty();
        assertThat(assessment.evaluated().get(IRE))
                .contains("Policy Governs Order")
                .doesNotContain("Contraindication Found", "Contraindication Findings", "Epilepsy Findings")
                .doesNotContainAnyElementsOf(CONTRAINDICATION_WORDING);
    }

    @Test
    void anOrderNoPolicyGovernsEvaluatesNothing() throws IOException {
        OrderAssessment assessment = assessFirstOrder(request("non-ire-order.json"));

        assertThat(assessment.cards()).isEmpty();
        assertThat(assessment.evaluated()).isEmpty();
    }

    private ObjectNode request(String testCase) throws IOException {
        JsonNode policyCase = objectMapper.readTree(Files.readString(CASES.resolve(testCase)));
        return (ObjectNode) policyCase.get("request").deepCopy();
    }

    /** The first draft order of the request, assessed as {@link HookCallReview} assesses it within the call. */
    private OrderAssessment assessFirstOrder(ObjectNode body) throws IOException {
        CdsServiceRequest request = objectMapper.treeToValue(body, CdsServiceRequest.class);
        Bundle orders = fhirJson.parse(Bundle.class, request.context().get("draftOrders"), "draftOrders");
        Resource order = orders.getEntry().get(0).getResource();
        PatientData data =
                prefetchReader.read(request.context().get("patientId").asText(), request.prefetchOrEmpty());
        return new BenchmarkOrders(assessor, directory.find("crd-order-sign"), request, data).assess(order);
    }

    /**
     * The wording only these PlanDefinition actions use: the CQL expressions their title and description templates
     * ({@code {{...}}}) name, less those any other action names too. (Dynamic values are left out: some, such as the
     * billing code, are also parts of expressions every card's wording needs, so the engine computes them anyway.)
     */
    private static Set<String> wordingOnlyOf(String... actionIds) {
        try {
            JsonNode plan = new ObjectMapper().readTree(Files.readString(PLAN));
            Set<String> wanted = Set.of(actionIds);
            Set<String> theirs = new TreeSet<>();
            Set<String> others = new TreeSet<>();
            for (JsonNode action : plan.get("action")) {
                Set<String> names = wanted.contains(action.path("id").asText()) ? theirs : others;
                Matcher m = Pattern.compile("\\{\\{([^}]+)}}")
                        .matcher(action.path("title").asText() + " "
                                + action.path("description").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
            theirs.removeAll(others);
            assertThat(theirs).as("wording only %s use, in %s", wanted, PLAN).isNotEmpty();
            return theirs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
