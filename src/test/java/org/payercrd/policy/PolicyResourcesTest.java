package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy resources as an analyst edits them under {@code fhir-resources/}: valid FHIR R4, links that a
 * clinician can open, and the IRE policy's facts all present.
 */
class PolicyResourcesTest {

    private static final Path FOLDER = Path.of("fhir-resources");
    private static final Path IRE = FOLDER.resolve("ire-nanoknife");
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static Map<Path, Resource> resources;

    @BeforeAll
    static void readAll() throws IOException {
        resources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(FOLDER)) {
            // tests/ holds a policy's test cases, not FHIR resources (see PolicyTestCasesTest)
            for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("tests"))
                    .sorted()
                    .toList()) {
                resources.put(file, (Resource) FHIR.newJsonParser().parseResource(Files.readString(file)));
            }
        }
        assertThat(resources).isNotEmpty();
    }

    @Test
    void everyResourceIsValidR4() {
        PolicyResourceValidator validator = new PolicyResourceValidator(FHIR);
        resources.forEach((file, resource) -> {
            List<SingleValidationMessage> errors = validator.errors(resource);
            assertThat(errors)
                    .as(file + ": "
                            + errors.stream()
                                    .map(m -> m.getLocationString() + " " + m.getMessage())
                                    .toList())
                    .isEmpty();
        });
    }

    @Test
    void everyRelatedArtifactUrlIsAbsoluteHttps() {
        resources.forEach((file, resource) -> {
            List<RelatedArtifact> artifacts =
                    FHIR.newTerser().getAllPopulatedChildElementsOfType(resource, RelatedArtifact.class);
            artifacts.stream()
                    .filter(RelatedArtifact::hasUrl)
                    .forEach(artifact -> assertThat(artifact.getUrl())
                            .as(file + ": " + artifact.getDisplay())
                            .matches("https://[^\\s/]+\\.[a-z]{2,}/\\S*"));
        });
    }

    @Test
    void libraryCitesEveryGuidanceTrialAndClearanceOfThePolicyWithCanonicalLinks() {
        assertThat(libraryUrls())
                .contains(
                        "https://www.nice.org.uk/guidance/ipg664",
                        "https://www.nice.org.uk/guidance/ipg445",
                        "https://www.nice.org.uk/guidance/ipg579",
                        "https://www.nice.org.uk/guidance/ipg572",
                        "https://www.nice.org.uk/guidance/ipg443",
                        "https://www.nice.org.uk/guidance/ipg441",
                        "https://www.nccn.org/guidelines/guidelines-detail?category=1&id=1455",
                        "https://www.nccn.org/guidelines/guidelines-detail?category=1&id=1438",
                        "https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfpmn/pmn.cfm?ID=K102329",
                        "https://clinicaltrials.gov/study/NCT02041936",
                        "https://clinicaltrials.gov/study/NCT05345444",
                        "https://clinicaltrials.gov/study/NCT04212026",
                        "https://clinicaltrials.gov/study/NCT03484299",
                        "https://clinicaltrials.gov/study/NCT04972097",
                        "https://clinicaltrials.gov/study/NCT03614910",
                        "https://clinicaltrials.gov/study/NCT03105921");
    }

    /**
     * The main card carries only the decision, the order and the indication's evidence in brief: everything else the
     * policy says stays in its Library (the CQL it holds), and the card links the policy page where it is read whole.
     */
    @Test
    void whatTheCardsLeaveOutIsStillInTheLibraryAndThePolicyPageIsLinked() throws IOException {
        // Its long strings are literals joined over several lines: read them whole.
        String cql = Files.readString(IRE.resolve("IreNanoKnifePolicy.cql")).replaceAll("'\\s*\\n\\s*\\+\\s*'", "");
        assertThat(cql)
                .contains(
                        // regulatory status
                        "510(k) process (K102329, 2011, class II, product code OAB)",
                        "has not been cleared for the therapy",
                        // the procedure
                        "high voltage direct current electrical pulses",
                        "complete neuromuscular blockade (paralysis)",
                        "ablation takes between one and 10 minutes",
                        // the manufacturer's labeling
                        "near any implanted metal or electronic device",
                        "mechanical perforation, pneumothorax",
                        // each indication's whole evidence review
                        "Narayanan 2017; Cannon 2013",
                        "NCT03614910, NCT03105921 (completed 2021, unpublished)",
                        "NCCN Hepatobiliary Cancers (Version 2.2022)",
                        "Dong 2018; Valerio 2014, 2017; Ting 2016",
                        "FDA Investigational Device Exemption of May 2011",
                        "Wendler 2018; Canvasser 2017; Trimmer 2015",
                        "Ricke 2015",
                        "Usman 2012",
                        "uveal melanoma and thyroid cancer",
                        "apoptotic cell death rather than coagulation necrosis");
        for (String review : List.of("Pancreas", "Liver", "Prostate", "Kidney", "Lung", "Eye", "Thyroid", "General")) {
            assertThat(cql).contains("define \"" + review + " Evidence Review\":");
        }
        PlanDefinition plan = resources.values().stream()
                .filter(PlanDefinition.class::isInstance)
                .map(PlanDefinition.class::cast)
                .filter(p -> p.getUrl().contains("IreNanoKnife"))
                .findFirst()
                .orElseThrow();
        PlanDefinition.PlanDefinitionActionComponent investigational = plan.getAction().stream()
                .filter(a -> a.getId().equals("investigational"))
                .findFirst()
                .orElseThrow();
        assertThat(investigational.getDocumentation())
                .extracting(RelatedArtifact::getUrl)
                .contains("https://www.premera.com/medicalpolicies/");
        assertThat(investigational.getDescription())
                .doesNotContain("Regulatory status.**", "The procedure.**")
                .contains("see the policy link");
    }

    @Test
    void libraryCarriesTheRevisionHistoryAndDates() {
        Library library = library();
        assertThat(library.getApprovalDateElement().getValueAsString()).isEqualTo("2022-09-26");
        assertThat(library.getLastReviewDateElement().getValueAsString()).isEqualTo("2022-09-26");
        assertThat(library.getEffectivePeriod().getStartElement().getValueAsString())
                .isEqualTo("2020-01-03");
        assertThat(library.getRelatedArtifact().stream()
                        .filter(a -> a.getType() == RelatedArtifact.RelatedArtifactType.PREDECESSOR)
                        .map(RelatedArtifact::getLabel))
                .containsExactly("2019-10-01", "2020-07-01", "2020-10-01", "2021-11-01");
        assertThat(library.getRelatedArtifact())
                .anySatisfy(a ->
                        assertThat(a.getDisplay()).contains("approved September 10, 2019, effective January 3, 2020"));
        assertThat(library.getUsage()).contains("does not apply to Medicare Advantage", "member contracts differ");
    }

    @Test
    void retiredBillingCodesAreHistoryOnlyAndNotUsedForMatching() throws IOException {
        ValueSet retired = (ValueSet) resources.get(IRE.resolve("ValueSet-ire-retired-unlisted-codes.json"));
        assertThat(retired.getStatus()).isEqualTo(PublicationStatus.RETIRED);
        assertThat(retired.getCompose().getIncludeFirstRep().getConcept())
                .extracting(ValueSet.ConceptReferenceComponent::getCode)
                .containsExactly("32999", "47399", "48999", "53899");
        assertThat(Files.readString(IRE.resolve("IreNanoKnifePolicy.cql"))).doesNotContain(retired.getUrl());
    }

    /** A ValueSet the CQL names but the folder lacks would fail on the first order, not at start-up. */
    @Test
    void everyValueSetTheCqlNamesIsInTheFolderAndDeclaredByTheLibrary() throws IOException {
        Matcher valueSets = Pattern.compile("(?m)^valueset \"[^\"]+\": '([^']+)'")
                .matcher(Files.readString(IRE.resolve("IreNanoKnifePolicy.cql")));
        List<String> folderUrls = resources.entrySet().stream()
                .filter(e -> e.getKey().startsWith(IRE) && e.getValue() instanceof ValueSet)
                .map(e -> ((ValueSet) e.getValue()).getUrl())
                .toList();
        List<String> dependsOn = library().getRelatedArtifact().stream()
                .filter(a -> a.getType() == RelatedArtifact.RelatedArtifactType.DEPENDSON)
                .map(RelatedArtifact::getResource)
                .toList();
        int named = 0;
        while (valueSets.find()) {
            named++;
            assertThat(folderUrls).contains(valueSets.group(1));
            assertThat(dependsOn).contains(valueSets.group(1));
        }
        assertThat(named).isGreaterThanOrEqualTo(12);
    }

    private static Library library() {
        return (Library) resources.get(IRE.resolve("Library-IreNanoKnifePolicy.json"));
    }

    private static List<String> libraryUrls() {
        return library().getRelatedArtifact().stream()
                .filter(RelatedArtifact::hasUrl)
                .map(RelatedArtifact::getUrl)
                .toList();
    }
}
