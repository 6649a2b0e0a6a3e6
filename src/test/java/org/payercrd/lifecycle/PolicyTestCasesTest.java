package org.payercrd.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.payercrd.RunningService;
import org.payercrd.lifecycle.PolicyCaseReader.NamedCase;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.PolicyLoader;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every shipped policy's own test cases ({@code tests/*.json} beside its resources), and the second test policy's,
 * each one JUnit test named after its file, run through the service's review pipeline as the check command and a
 * reload run them.
 */
class PolicyTestCasesTest extends RunningService {

    private static final List<String> LOCATIONS = List.of("classpath:fhir-resources/", "classpath:test-policies/");

    @Autowired
    PolicyLoader loader;

    @Autowired
    PolicyCaseRunner runner;

    private static LoadedPolicies policies;

    private LoadedPolicies policies() {
        if (policies == null) {
            policies = loader.load(loader.read(LOCATIONS));
        }
        return policies;
    }

    @TestFactory
    Stream<DynamicTest> everyPolicyTestCasePasses() {
        LoadedPolicies loaded = policies();
        return runner.casesOf(loaded).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            CaseResult result = runner.run(loaded, c);
            assertThat(result.problems()).as(c.policyCase().description()).isEmpty();
        }));
    }

    @Test
    void bothPoliciesHaveTestCases() {
        List<String> names = runner.casesOf(policies()).stream().map(NamedCase::name).toList();
        assertThat(names).anyMatch(n -> n.startsWith("ire-nanoknife/tests/"))
                .anyMatch(n -> n.startsWith("home-sleep-test/tests/"));
    }
}
