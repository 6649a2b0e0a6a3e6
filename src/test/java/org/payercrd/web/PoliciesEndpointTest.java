package org.payercrd.web;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * {@code GET /api/policies} shows each loaded policy as its FHIR resources in {@code fhir-resources/} say: the
 * expected values are read from those files, so the test follows the policy when an analyst edits it.
 */
class PoliciesEndpointTest extends RunningService {

    private static final Path IRE = Path.of("fhir-resources", "ire-nanoknife");
    private static final String IRE_POLICY = "find { it.id == 'ire-nanoknife' }";

    private static JsonNode read(String file) throws IOException {
        return new ObjectMapper().readTree(IRE.resolve(file).toFile());
    }

    private static JsonPath policies() {
        return get(PoliciesController.PATH).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void listsTheIrePolicyWithTheLibrarysVersionStatusPublisherAndDates() throws IOException {
        JsonNode library = read("Library-IreNanoKnifePolicy.json");

        get(PoliciesController.PATH)
                .then()
                .statusCode(200)
                .body(IRE_POLICY + ".url", equalTo(library.path("url").asText()))
                .body(IRE_POLICY + ".version", equalTo(library.path("version").asText()))
                .body(IRE_POLICY + ".title", equalTo(library.path("title").asText()))
                .body(IRE_POLICY + ".status", equalTo(library.path("status").asText()))
                .body(
                        IRE_POLICY + ".publisher",
                        equalTo(library.path("publisher").asText()))
                .body(
                        IRE_POLICY + ".approvalDate",
                        equalTo(library.path("approvalDate").asText()))
                .body(
                        IRE_POLICY + ".lastReviewDate",
                        equalTo(library.path("lastReviewDate").asText()))
                .body(
                        IRE_POLICY + ".effectiveStart",
                        equalTo(library.path("effectivePeriod").path("start").asText()))
                .body(
                        IRE_POLICY + ".description",
                        equalTo(library.path("description").asText()));
    }

    @Test
    void citesTheNiceNccnFdaAndTrialEvidenceWithTheLibrarysLinks() throws IOException {
        List<JsonNode> cited = new ArrayList<>();
        read("Library-IreNanoKnifePolicy.json").path("relatedArtifact").forEach(artifact -> {
            String label = artifact.path("label").asText();
            if (artifact.has("url")
                    && (label.startsWith("NICE ")
                            || label.startsWith("NCCN ")
                            || label.equals("FDA 510(k) K102329")
                            || label.startsWith("NCT"))) {
                cited.add(artifact);
            }
        });
        assertThat(cited)
                .as("the Library's NICE, NCCN, FDA and trial citations")
                .anyMatch(a -> a.path("label").asText().startsWith("NICE "))
                .anyMatch(a -> a.path("label").asText().startsWith("NCCN "))
                .anyMatch(a -> a.path("label").asText().equals("FDA 510(k) K102329"))
                .anyMatch(a -> a.path("label").asText().startsWith("NCT"));

        List<Map<String, String>> listed = policies().getList(IRE_POLICY + ".relatedArtifacts");

        cited.forEach(artifact -> assertThat(listed)
                .as(artifact.path("label").asText())
                .anySatisfy(entry -> assertThat(entry)
                        .containsEntry("type", artifact.path("type").asText())
                        .containsEntry("label", artifact.path("label").asText())
                        .containsEntry("display", artifact.path("display").asText())
                        .containsEntry("url", artifact.path("url").asText())));
    }

    @Test
    void listsTheCodesOfEachValueSetTheLibraryNames() throws IOException {
        JsonNode procedures = read("ValueSet-ire-procedure-codes.json");
        List<String> expected = new ArrayList<>();
        procedures
                .path("compose")
                .path("include")
                .forEach(include -> include.path("concept")
                        .forEach(concept -> expected.add(concept.path("code").asText())));
        String valueSet = IRE_POLICY + ".valueSets.find { it.url == '"
                + procedures.path("url").asText() + "' }";

        JsonPath answer = policies();

        assertThat(expected).isNotEmpty();
        assertThat(answer.getList(valueSet + ".codes.code", String.class)).containsExactlyElementsOf(expected);
        assertThat(answer.getString(valueSet + ".role")).isEqualTo("depends-on");
        assertThat(answer.getString(valueSet + ".title"))
                .isEqualTo(procedures.path("title").asText());
        assertThat(answer.getList(IRE_POLICY + ".valueSets.url", String.class))
                .contains("https://payercrd.org/fhir/ValueSet/ire-contraindication-implanted-devices");
    }

    @Test
    void listsThePlanDefinitionsActionsWithTheirHooksAndSwitches() throws IOException {
        JsonNode plan = read("PlanDefinition-IreNanoKnifeCoverage.json");
        JsonPath answer = policies();

        assertThat(answer.getList(IRE_POLICY + ".actions.id", String.class))
                .hasSize(plan.path("action").size());
        plan.path("action").forEach(action -> {
            String listed = IRE_POLICY + ".actions.find { it.id == '"
                    + action.path("id").asText() + "' }";
            List<String> hooks = new ArrayList<>();
            action.path("trigger")
                    .forEach(trigger -> hooks.add(trigger.path("name").asText()));
            assertThat(answer.getString(listed + ".title"))
                    .isEqualTo(action.path("title").asText());
            assertThat(answer.getList(listed + ".hooks", String.class)).containsExactlyElementsOf(hooks);
            assertThat(answer.getString(listed + ".condition"))
                    .isEqualTo(action.path("condition")
                            .path(0)
                            .path("expression")
                            .path("expression")
                            .asText());
            assertThat(answer.getList(listed + ".switches", String.class))
                    .isNotEmpty()
                    .contains(answer.getString(listed + ".responseType"));
        });
    }

    @Test
    void isDocumentedInTheOpenApiDescription() {
        get("/v3/api-docs")
                .then()
                .statusCode(200)
                .body("paths.'/api/policies'.get.summary", notNullValue())
                .body(
                        "paths.'/api/policies'.get.responses.'200'.content.'application/json'.schema.items.'$ref'",
                        equalTo("#/components/schemas/PolicyListing"))
                .body("components.schemas.PolicyListing.properties.relatedArtifacts.description", notNullValue());
    }
}
