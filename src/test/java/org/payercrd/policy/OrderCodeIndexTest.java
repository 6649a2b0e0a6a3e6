package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.payercrd.fhir.FhirJson;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * How a policy's declared order codes become the index, read from the second test policy (FHIR validation off: the
 * declarations here are edited in memory to show what start-up accepts and refuses).
 */
class OrderCodeIndexTest {

    private static final FhirJson FHIR_JSON = new FhirJson(FhirContext.forR4Cached());
    private static final String CPT = "http://www.ama-assn.org/go/cpt";

    @Test
    void aDeclaringPolicyIsSelectedOnlyForItsCodes() {
        LoadedPolicies loaded = load(library -> {});
        assertThat(loaded.policiesFor(order(CPT, "95800")))
                .extracting(Policy::id)
                .containsExactly("home-sleep-test");
        assertThat(loaded.policiesFor(order(CPT, "95810"))).isEmpty();
    }

    @Test
    void aPolicyThatDeclaresNothingIsEvaluatedForEveryOrderOfItsTypeAndStartUpWarnsNamingIt() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(OrderCodeIndex.class);
        logged.start();
        logger.addAppender(logged);
        try {
            LoadedPolicies loaded = load(library -> library.setDataRequirement(List.of()));
            assertThat(loaded.policiesFor(order(CPT, "95810")))
                    .extracting(Policy::id)
                    .containsExactly("home-sleep-test");
            assertThat(loaded.policiesFor(new ServiceRequest()))
                    .extracting(Policy::id)
                    .containsExactly("home-sleep-test");
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("home-sleep-test")
                .contains("declares no dataRequirement");
    }

    @Test
    void codesListedInTheCodeFilterAreGovernedToo() {
        LoadedPolicies loaded = load(library ->
                library.getDataRequirementFirstRep().getCodeFilterFirstRep().addCode(new Coding(CPT, "95811", null)));
        assertThat(loaded.policiesFor(order(CPT, "95811")))
                .extracting(Policy::id)
                .containsExactly("home-sleep-test");
        assertThat(loaded.policiesFor(order(CPT, "95806")))
                .extracting(Policy::id)
                .containsExactly("home-sleep-test");
    }

    @Test
    void aDeclaredValueSetThatIsNotLoadedStopsStartUp() {
        assertThatThrownBy(() -> load(library -> library.getDataRequirementFirstRep()
                        .getCodeFilterFirstRep()
                        .setValueSet("https://example.org/ValueSet/missing")))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("home-sleep-test")
                .hasMessageContaining("https://example.org/ValueSet/missing");
    }

    @Test
    void aPathThatIsNotACodedElementOfTheOrderStopsStartUp() {
        assertThatThrownBy(() -> load(library -> library.getDataRequirementFirstRep()
                        .getCodeFilterFirstRep()
                        .setPath("status")))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("path status");
    }

    @Test
    void twoCodeFiltersInOneRequirementStopStartUp() {
        assertThatThrownBy(() -> load(library -> library.getDataRequirementFirstRep()
                        .addCodeFilter()
                        .setPath("category")
                        .addCode(new Coding(CPT, "95800", null))))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("exactly one codeFilter");
    }

    @Test
    void requirementsOfOtherTypesDoNotDeclareOrderCodes() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(OrderCodeIndex.class);
        logged.start();
        logger.addAppender(logged);
        try {
            LoadedPolicies loaded =
                    load(library -> library.getDataRequirementFirstRep().setType("Condition"));
            assertThat(loaded.policiesFor(order(CPT, "95810")))
                    .extracting(Policy::id)
                    .containsExactly("home-sleep-test");
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).anyMatch(e -> e.getLevel() == Level.WARN);
    }

    private static LoadedPolicies load(Consumer<Library> edit) {
        List<PolicyFolder> folders = new PolicyFolderReader(new PathMatchingResourcePatternResolver(), FHIR_JSON)
                .read("classpath:test-policies/");
        folders.forEach(f -> f.libraries().forEach(edit));
        return new LoadedPolicies(folders, FHIR_JSON.context(), null);
    }

    private static ServiceRequest order(String system, String code) {
        return new ServiceRequest().setCode(new CodeableConcept(new Coding(system, code, null)));
    }
}
