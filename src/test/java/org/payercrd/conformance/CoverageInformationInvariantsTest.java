package org.payercrd.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.payercrd.CrdVersion;

/** The coverage-information checker finds each rule's violation, so that a clean run of the suite means something. */
class CoverageInformationInvariantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode assertion(String... subExtensions) {
        ObjectNode extension = JSON.createObjectNode();
        extension.put("url", CardKinds.COVERAGE_INFORMATION_URL);
        ArrayNode subs = extension.putArray("extension");
        subs.addObject().put("url", "coverage").putObject("valueReference").put("reference", "Coverage/cov-1");
        subs.addObject().put("url", "date").put("valueDate", "2026-11-25");
        subs.addObject().put("url", "coverage-assertion-id").put("valueString", "a1");
        for (int i = 0; i < subExtensions.length; i += 2) {
            subs.addObject().put("url", subExtensions[i]).put("valueCode", subExtensions[i + 1]);
        }
        return extension;
    }

    private static ObjectNode withReason(ObjectNode extension) {
        ((ArrayNode) extension.get("extension"))
                .addObject()
                .put("url", "reason")
                .putObject("valueCodeableConcept")
                .put("text", "Investigational");
        return extension;
    }

    @Test
    void aConformantNotCoveredAssertionPassesInBothVersions() {
        ObjectNode extension = withReason(assertion("covered", "not-covered"));

        assertThat(CoverageInformationInvariants.check(extension, CrdVersion.V2_0))
                .isEmpty();
        assertThat(CoverageInformationInvariants.check(extension, CrdVersion.V2_2))
                .isEmpty();
    }

    static Stream<Arguments> violations() {
        ObjectNode noCovered = assertion();
        ObjectNode questionnaire = assertion("covered", "covered", "pa-needed", "no-auth");
        ((ArrayNode) questionnaire.get("extension"))
                .addObject()
                .put("url", "questionnaire")
                .put("valueCanonical", "http://example.org/Questionnaire/q");
        ObjectNode satisfiedWithoutId = assertion("covered", "covered", "pa-needed", "satisfied");
        ObjectNode codedReasonWithoutText = assertion("covered", "not-covered");
        ((ArrayNode) codedReasonWithoutText.get("extension"))
                .addObject()
                .put("url", "reason")
                .putObject("valueCodeableConcept")
                .putArray("coding")
                .addObject()
                .put("system", "http://example.org")
                .put("code", "x");
        ObjectNode detailWithoutCategory = assertion("covered", "not-covered");
        ArrayNode detail = ((ArrayNode) detailWithoutCategory.get("extension"))
                .addObject()
                .put("url", "detail")
                .putArray("extension");
        detail.addObject().put("url", "code").putObject("valueCodeableConcept").put("text", "policy-link");
        detail.addObject().put("url", "value").put("valueUrl", "https://example.org/policy");
        return Stream.of(
                Arguments.of("covered missing", noCovered, CrdVersion.V2_2, "covered must occur exactly once"),
                Arguments.of(
                        "code outside the binding",
                        assertion("covered", "maybe"),
                        CrdVersion.V2_2,
                        "required value set"),
                Arguments.of(
                        "2.2 code to a 2.0 client",
                        withReason(assertion("covered", "indeterminate")),
                        CrdVersion.V2_0,
                        "required value set"),
                Arguments.of(
                        "doc-needed patient to a 2.0 client",
                        assertion("covered", "covered", "pa-needed", "no-auth", "doc-needed", "patient"),
                        CrdVersion.V2_0,
                        "required value set"),
                Arguments.of("q1", questionnaire, CrdVersion.V2_2, "crd-ci-q1"),
                Arguments.of(
                        "q2",
                        withReason(assertion("covered", "not-covered", "pa-needed", "no-auth")),
                        CrdVersion.V2_2,
                        "crd-ci-q2"),
                Arguments.of(
                        "q3 conditional without info-needed",
                        assertion("covered", "conditional", "pa-needed", "no-auth"),
                        CrdVersion.V2_2,
                        "crd-ci-q3"),
                Arguments.of(
                        "q3 info-needed without conditional",
                        assertion("covered", "covered", "pa-needed", "no-auth", "info-needed", "performer"),
                        CrdVersion.V2_0,
                        "crd-ci-q3"),
                Arguments.of(
                        "q4",
                        withReason(assertion(
                                "covered",
                                "covered",
                                "pa-needed",
                                "no-auth",
                                "doc-needed",
                                "clinical",
                                "doc-purpose",
                                "withpa")),
                        CrdVersion.V2_2,
                        "crd-ci-q4"),
                Arguments.of("q5", satisfiedWithoutId, CrdVersion.V2_2, "crd-ci-q5"),
                Arguments.of(
                        "q6",
                        assertion("covered", "conditional", "pa-needed", "no-auth", "info-needed", "OTH"),
                        CrdVersion.V2_2,
                        "crd-ci-q6"),
                Arguments.of("q7", codedReasonWithoutText, CrdVersion.V2_2, "crd-ci-q7"),
                Arguments.of(
                        "q8",
                        assertion(
                                "covered",
                                "covered",
                                "pa-needed",
                                "no-auth",
                                "doc-needed",
                                "clinical",
                                "doc-purpose",
                                "withclaim"),
                        CrdVersion.V2_2,
                        "crd-ci-q8"),
                Arguments.of("q9", assertion("covered", "indeterminate"), CrdVersion.V2_2, "crd-ci-q9"),
                Arguments.of(
                        "2.2 detail without category",
                        detailWithoutCategory,
                        CrdVersion.V2_2,
                        "category must occur exactly once"),
                Arguments.of("url detail to a 2.0 client", detailWithoutCategory, CrdVersion.V2_0, "CRD 2.2 only"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachViolationIsReported(String rule, JsonNode extension, CrdVersion version, String expected) {
        assertThat(CoverageInformationInvariants.check(extension, version)).anyMatch(p -> p.contains(expected));
    }
}
