package org.payercrd.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.payercrd.RunningService;
import org.payercrd.hooks.Card;
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

    private static final int MAX_DETAIL = 700;
    private static final int MAX_LABEL = 60;
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
        return runner.casesOf(loaded).stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    CaseResult result = runner.run(loaded, c);
                    assertThat(result.problems())
                            .as(c.policyCase().description())
                            .isEmpty();
                }));
    }

    /**
     * What a clinician reads at signing: both common clients render a card's whole detail and wrap a link label longer
     * than 60 characters onto two lines, so no card of any case may go beyond about 700 characters of detail.
     */
    @TestFactory
    Stream<DynamicTest> everyCardOfEveryCaseIsShortEnoughToReadAtSigning() {
        LoadedPolicies loaded = policies();
        return runner.casesOf(loaded).stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    for (Card card : runner.answer(loaded, c).cards()) {
                        assertThat(card.detail())
                                .as("detail of '%s' in %s", card.summary(), c.name())
                                .satisfiesAnyOf(
                                        detail -> assertThat(detail).isNull(),
                                        detail -> assertThat(detail.length()).isLessThanOrEqualTo(MAX_DETAIL));
                        if (card.links() != null) {
                            assertThat(card.links())
                                    .as("link labels of '%s' in %s", card.summary(), c.name())
                                    .allSatisfy(link -> assertThat(link.label().length())
                                            .as(link.label())
                                            .isLessThanOrEqualTo(MAX_LABEL));
                        }
                    }
                }));
    }

    @Test
    void bothPoliciesHaveTestCases() {
        List<String> names =
                runner.casesOf(policies()).stream().map(NamedCase::name).toList();
        assertThat(names)
                .anyMatch(n -> n.startsWith("ire-nanoknife/tests/"))
                .anyMatch(n -> n.startsWith("home-sleep-test/tests/"));
    }
}
