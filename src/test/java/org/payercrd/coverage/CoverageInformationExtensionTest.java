package org.payercrd.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdVersion;

class CoverageInformationExtensionTest {

    private final CoverageInformationExtension builder = new CoverageInformationExtension();

    private static CoverageAssertion assertion(Coverage coverage, Map<String, Object> values) {
        return new CoverageAssertion(
                "a1",
                coverage,
                LocalDate.of(2026, 11, 25),
                values,
                "https://payer.example/Library/p",
                "1",
                "https://payer.example/policies/p");
    }

    private static Map<String, Object> values(String... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static Coverage coverage() {
        Coverage coverage = new Coverage();
        coverage.setId("cov-1");
        return coverage;
    }

    @Test
    void withoutACoverageThereIsNoAssertion() {
        assertThat(builder.build(assertion(null, values("covered", "not-covered")), CrdVersion.V2_2))
                .isEmpty();
    }

    @Test
    void anIndeterminateAssertionIsNeverSentToACrd20Client() {
        CoverageAssertion indeterminate = assertion(coverage(), values("covered", "indeterminate"));

        assertThat(builder.build(indeterminate, CrdVersion.V2_0)).isEmpty();
        assertThat(builder.build(indeterminate, CrdVersion.V2_2)).isPresent();
    }

    @Test
    void aCrd22OnlyCodeOfAnOptionalElementIsLeftOutForA20Client() {
        Extension extension = builder.build(
                        assertion(
                                coverage(),
                                values("covered", "covered", "pa-needed", "no-auth", "doc-needed", "patient")),
                        CrdVersion.V2_0)
                .orElseThrow();

        assertThat(extension.getExtensionsByUrl("doc-needed")).isEmpty();
        assertThat(extension.getExtensionsByUrl("pa-needed")).hasSize(1);
    }

    @Test
    void crd22ClientsGetAPolicyLinkDetailAndCrd20ClientsDoNot() {
        CoverageAssertion notCovered = assertion(coverage(), values("covered", "not-covered"));

        Extension v22 = builder.build(notCovered, CrdVersion.V2_2).orElseThrow();
        Extension detail = v22.getExtensionByUrl("detail");
        assertThat(detail.getExtensionByUrl("category").getValue().primitiveValue())
                .isEqualTo("cat-other");
        assertThat(detail.getExtensionByUrl("value").getValue().primitiveValue())
                .isEqualTo("https://payer.example/policies/p");
        assertThat(builder.build(notCovered, CrdVersion.V2_0).orElseThrow().getExtensionsByUrl("detail"))
                .isEmpty();
    }
}
