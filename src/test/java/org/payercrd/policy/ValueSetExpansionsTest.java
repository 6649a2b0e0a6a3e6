package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

class ValueSetExpansionsTest {

    @Test
    void enumeratedComposeIsExpandedWithEveryConcept() {
        ValueSet valueSet = new ValueSet().setUrl("https://example.org/ValueSet/a");
        valueSet.getCompose()
                .addInclude()
                .setSystem("http://hl7.org/fhir/sid/icd-10-cm")
                .addConcept(
                        new ValueSet.ConceptReferenceComponent().setCode("C25").setDisplay("Pancreas"));
        valueSet.getCompose()
                .addInclude()
                .setSystem("http://snomed.info/sct")
                .addConcept(new ValueSet.ConceptReferenceComponent().setCode("15776009"));

        ValueSetExpansions.expand("test", valueSet);

        assertThat(valueSet.getExpansion().getTotal()).isEqualTo(2);
        assertThat(valueSet.getExpansion().getContains())
                .extracting(
                        ValueSet.ValueSetExpansionContainsComponent::getSystem,
                        ValueSet.ValueSetExpansionContainsComponent::getCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http://hl7.org/fhir/sid/icd-10-cm", "C25"),
                        org.assertj.core.groups.Tuple.tuple("http://snomed.info/sct", "15776009"));
    }

    @Test
    void composeThatNeedsATerminologyServerStopsStartUp() {
        ValueSet valueSet = new ValueSet().setUrl("https://example.org/ValueSet/b");
        valueSet.getCompose()
                .addInclude()
                .setSystem("http://snomed.info/sct")
                .addFilter()
                .setProperty("concept")
                .setOp(ValueSet.FilterOperator.ISA)
                .setValue("363418001");

        assertThatThrownBy(() -> ValueSetExpansions.expand("test", valueSet))
                .isInstanceOf(PolicyDefinitionException.class)
                .hasMessageContaining("https://example.org/ValueSet/b")
                .hasMessageContaining("terminology server");
    }

    @Test
    void existingExpansionIsKept() {
        ValueSet valueSet = new ValueSet().setUrl("https://example.org/ValueSet/c");
        valueSet.getExpansion().addContains().setSystem("s").setCode("x");
        valueSet.getCompose()
                .addInclude()
                .setSystem("s")
                .addFilter()
                .setProperty("concept")
                .setOp(ValueSet.FilterOperator.ISA)
                .setValue("x");

        ValueSetExpansions.expand("test", valueSet);

        assertThat(valueSet.getExpansion().getContains()).hasSize(1);
    }
}
