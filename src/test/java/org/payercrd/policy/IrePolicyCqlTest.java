package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.springframework.beans.factory.annotation.Autowired;

/** The IRE policy's CQL decisions, evaluated directly for hand-built orders and coverages. */
class IrePolicyCqlTest extends RunningService {

    private static final String CPT = "http://www.ama-assn.org/go/cpt";
    private static final Set<String> EXPRESSIONS = Set.of(
            "Order Is IRE", "Billing Code", "Is Medicare Advantage", "Policy Governs Order", "Coverage Decision");

    @Autowired
    PolicyCatalog catalog;

    @Test
    void percutaneousAndOpenIreCodesAreIre() {
        assertThat(evaluate(order(CPT, "0600T"), null).get("Order Is IRE")).isEqualTo(true);
        assertThat(evaluate(order(CPT, "0601T"), null).get("Order Is IRE")).isEqualTo(true);
    }

    @Test
    void otherCptCodesAreNotIre() {
        Map<String, Object> values = evaluate(order(CPT, "47382"), null);
        assertThat(values.get("Order Is IRE")).isEqualTo(false);
        assertThat(values.get("Coverage Decision")).isNull();
    }

    @Test
    void cptByOidIsIreAndTheBillingCodeIsNormalisedToTheCptUri() {
        Map<String, Object> values = evaluate(order("urn:oid:2.16.840.1.113883.6.12", "0600T"), null);
        assertThat(values.get("Order Is IRE")).isEqualTo(true);
        assertThat(((org.opencds.cqf.cql.engine.runtime.Code) values.get("Billing Code")).getSystem())
                .isEqualTo(CPT);
    }

    @Test
    void theSameCodeInAnotherSystemIsNotIre() {
        assertThat(evaluate(order("http://example.org/codes", "0600T"), null).get("Order Is IRE"))
                .isEqualTo(false);
    }

    @Test
    void ireUnderACommercialPlanIsNotCovered() {
        Map<String, Object> values = evaluate(order(CPT, "0600T"), coverage("https://nahdo.org/sopt", "51"));
        assertThat(values.get("Policy Governs Order")).isEqualTo(true);
        assertThat(values.get("Coverage Decision")).isEqualTo("not-covered");
    }

    @Test
    void medicareAdvantageBySourceOfPaymentTypologyIsOutOfScope() {
        Map<String, Object> values = evaluate(order(CPT, "0600T"), coverage("https://nahdo.org/sopt", "111"));
        assertThat(values.get("Is Medicare Advantage")).isEqualTo(true);
        assertThat(values.get("Policy Governs Order")).isEqualTo(false);
        assertThat(values.get("Coverage Decision")).isNull();
    }

    @Test
    void medicareAdvantageNamedInThePlanClassIsOutOfScope() {
        Coverage coverage = new Coverage();
        coverage.addClass_()
                .setValue("MA-GOLD")
                .setName("Premera Medicare Advantage Gold")
                .setType(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/coverage-class", "plan", null)));
        assertThat(evaluate(order(CPT, "0600T"), coverage).get("Is Medicare Advantage"))
                .isEqualTo(true);
    }

    private Map<String, Object> evaluate(ServiceRequest order, Coverage coverage) {
        Policy ire = catalog.policies().stream()
                .filter(p -> p.id().equals("ire-nanoknife"))
                .findFirst()
                .orElseThrow();
        return catalog.evaluator().evaluate(ire, order, coverage, "Patient/p1", new Bundle(), EXPRESSIONS);
    }

    private static ServiceRequest order(String system, String code) {
        ServiceRequest order = new ServiceRequest();
        order.setId("o1");
        order.setCode(new CodeableConcept(new Coding(system, code, null)));
        return order;
    }

    private static Coverage coverage(String typeSystem, String typeCode) {
        Coverage coverage = new Coverage();
        coverage.setId("c1");
        coverage.setType(new CodeableConcept(new Coding(typeSystem, typeCode, null)));
        return coverage;
    }
}
