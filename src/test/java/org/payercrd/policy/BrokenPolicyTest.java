package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.payercrd.fhir.FhirJson;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** A broken policy stops start-up with a message that names the policy, the file and the problem. */
class BrokenPolicyTest {

    private static FhirJson fhirJson;
    private static PolicyResourceValidator validator;

    @BeforeAll
    static void buildTheSharedFhirMachinery() {
        fhirJson = new FhirJson(FhirContext.forR4Cached());
        validator = new PolicyResourceValidator(fhirJson.context());
    }

    @Test
    void cqlThatDoesNotCompileNamesTheLine() {
        assertThatThrownBy(() -> load("bad-cql"))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("HomeSleepTestPolicy")
                .hasMessageContaining("line 17");
    }

    @Test
    void planDefinitionNamingAnUndefinedExpressionIsRefused() {
        assertThatThrownBy(() -> load("unknown-expression"))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("Coverage Verdict");
    }

    @Test
    void resourceThatIsNotValidR4IsRefused() {
        assertThatThrownBy(() -> load("invalid-fhir"))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("ValueSet/home-sleep-test-codes")
                .hasMessageContaining("ValueSet.status");
    }

    @Test
    void aLocationWithoutAnyPolicyIsRefused() {
        assertThatThrownBy(() -> new LoadedPolicies(java.util.List.of(), fhirJson.context(), validator))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("No policy found");
    }

    private static LoadedPolicies load(String folder) {
        PolicyFolderReader reader = new PolicyFolderReader(new PathMatchingResourcePatternResolver(), fhirJson);
        return new LoadedPolicies(
                reader.read("classpath:broken-policies/" + folder + "/"), fhirJson.context(), validator);
    }
}
