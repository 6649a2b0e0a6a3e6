package org.payercrd;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward: {@code web} (the HTTP edge) may use every package, nothing below it uses {@code web},
 * and no two packages depend on each other, however indirectly. A cycle means two packages change for one reason.
 */
class ArchitectureTest {

    private static final String[] MODEL_PACKAGES = {
        "org.payercrd.hooks..",
        "org.payercrd.fhir..",
        "org.payercrd.policy..",
        "org.payercrd.coverage..",
        "org.payercrd.cards.."
    };

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.payercrd");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.payercrd.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void theModelNeverImportsTheHttpEdge() {
        noClasses()
                .that()
                .resideInAnyPackage(MODEL_PACKAGES)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.payercrd.web..")
                .check(production);
    }
}
