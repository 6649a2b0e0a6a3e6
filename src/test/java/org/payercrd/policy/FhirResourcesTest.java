package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payercrd.fhir.FhirJson;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Everything under fhir-resources/ is valid FHIR R4, and every citation is a canonical https URL. */
class FhirResourcesTest {

    private static List<PolicyFolder> folders;
    private static PolicyResourceValidator validator;

    @BeforeAll
    static void readTheShippedResources() {
        FhirJson fhirJson = new FhirJson(FhirContext.forR4Cached());
        validator = new PolicyResourceValidator(fhirJson.context());
        folders = new PolicyFolderReader(new PathMatchingResourcePatternResolver(), fhirJson)
                .read("file:fhir-resources/");
    }

    @Test
    void theIrePolicyFolderIsThere() {
        assertThat(folders).anyMatch(f -> f.name().equals("ire-nanoknife") && f.isPolicy());
    }

    @Test
    void everyResourceIsValidR4() {
        List<String> errors = new ArrayList<>();
        for (PolicyFolder folder : folders) {
            for (Resource resource : folder.resources()) {
                validator.errors(resource).forEach(m -> errors.add(
                        folder.name() + " " + resource.fhirType() + "/" + resource.getIdPart() + " "
                                + m.getLocationString() + ": " + m.getMessage()));
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void everyCitationAndCardLinkIsAnAbsoluteHttpsUrl() {
        List<String> urls = new ArrayList<>();
        for (PolicyFolder folder : folders) {
            for (Resource resource : folder.resources()) {
                if (resource instanceof Library library) {
                    library.getRelatedArtifact().stream().filter(RelatedArtifact::hasUrl).forEach(a -> urls.add(a.getUrl()));
                }
                if (resource instanceof PlanDefinition plan) {
                    plan.getAction().forEach(a -> a.getDocumentation().forEach(d -> urls.add(d.getUrl())));
                }
            }
        }
        assertThat(urls).isNotEmpty().allMatch(url -> url.startsWith("https://"), "starts with https://");
    }
}
