package org.payercrd.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.payercrd.RunningService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The index of governed codes never disagrees with the policies' CQL: for every code of every loaded ValueSet (in
 * the CPT URI, by the CPT OID, in a foreign system, in a billing option only) and for codes outside them, the index
 * selects a policy exactly when the policy's applicability expression is true. Run for the shipped policy and the
 * second test policy. A wrong index would silently skip an order a policy governs, or cost CQL for nothing.
 */
class PolicyIndexAgreementTest extends RunningService {

    private static final List<String> LOCATIONS = List.of("classpath:fhir-resources/", "classpath:test-policies/");

    /** Each policy's applicability expression: true exactly for the orders the policy governs. */
    private static final Map<String, String> APPLICABILITY = Map.of(
            "ire-nanoknife", "Order Is IRE",
            "home-sleep-test", "Is Home Sleep Test");

    private static final String CPT = "http://www.ama-assn.org/go/cpt";
    private static final String CPT_OID = "urn:oid:2.16.840.1.113883.6.12";
    private static final String FOREIGN = "http://example.org/local-order-codes";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String BILLING_OPTIONS =
            "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-billing-options";

    @Autowired
    PolicyLoader loader;

    private static LoadedPolicies policies;

    private LoadedPolicies policies() {
        if (policies == null) {
            policies = loader.load(loader.read(LOCATIONS));
        }
        return policies;
    }

    @Test
    void everyPolicyNamesItsApplicabilityExpressionAndDeclaresTheCodesItGoverns() {
        assertThat(policies().policies())
                .extracting(Policy::id)
                .containsExactlyInAnyOrderElementsOf(APPLICABILITY.keySet());
        assertThat(policies().policies())
                .allSatisfy(p -> assertThat(p.library().getDataRequirement())
                        .as(p.id())
                        .anyMatch(r -> r.getType().equals(p.orderType().name()) && r.hasCodeFilter()));
    }

    @Test
    void theSampleHoldsOrdersEachPolicyGovernsAndOrdersItDoesNot() {
        Map<String, ServiceRequest> orders = orders();
        for (Policy policy : policies().policies()) {
            List<Boolean> verdicts =
                    orders.values().stream().map(o -> cql(policy, o)).distinct().toList();
            assertThat(verdicts).as(policy.id()).containsExactlyInAnyOrder(true, false);
        }
    }

    @TestFactory
    Stream<DynamicTest> theIndexSelectsAPolicyExactlyWhenItsApplicabilityExpressionHolds() {
        LoadedPolicies loaded = policies();
        return orders().entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    for (Policy policy : loaded.policies()) {
                        assertThat(loaded.codeIndex().selects(policy, e.getValue()))
                                .as(policy.id() + " \"" + APPLICABILITY.get(policy.id()) + "\" for " + e.getKey())
                                .isEqualTo(cql(policy, e.getValue()));
                    }
                }));
    }

    private boolean cql(Policy policy, ServiceRequest order) {
        String expression = APPLICABILITY.get(policy.id());
        Object value = policies()
                .evaluator()
                .evaluate(policy, order, null, "Patient/agreement", new Bundle(), Set.of(expression))
                .get(expression);
        return Boolean.TRUE.equals(value);
    }

    /** The sample, by a name that says what each order carries. */
    private Map<String, ServiceRequest> orders() {
        Map<String, ServiceRequest> orders = new LinkedHashMap<>();
        for (PolicyFolder folder : policies().folders()) {
            for (ValueSet valueSet : folder.resources().stream()
                    .filter(ValueSet.class::isInstance)
                    .map(ValueSet.class::cast)
                    .toList()) {
                for (Coding member : members(valueSet.getExpansion().getContains())) {
                    String name = folder.name() + " " + valueSet.getName() + " " + member.getSystem() + "|"
                            + member.getCode();
                    orders.put(name, order(coded(member.getSystem(), member.getCode())));
                    orders.put(name + " in a foreign system", order(coded(FOREIGN, member.getCode())));
                    orders.put(
                            name + " in billing options only",
                            order(withBillingOptions(coded(FOREIGN, "order-1"), member.getSystem(), member.getCode())));
                    if (!member.getCode().equals(member.getCode().toLowerCase())) {
                        orders.put(
                                name + " in lower case",
                                order(coded(member.getSystem(), member.getCode().toLowerCase())));
                    }
                    if (CPT.equals(member.getSystem())) {
                        orders.put(name + " by the CPT OID", order(coded(CPT_OID, member.getCode())));
                        orders.put(
                                name + " by the CPT OID in billing options only",
                                order(withBillingOptions(coded(FOREIGN, "order-1"), CPT_OID, member.getCode())));
                    }
                }
            }
        }
        for (String other : List.of("74177", "47382", "99213", "95810", "70553", "80053", "27447", "93000", "0602T")) {
            orders.put("other CPT " + other, order(coded(CPT, other)));
            orders.put("other CPT " + other + " by the CPT OID", order(coded(CPT_OID, other)));
        }
        for (String retired : List.of("32999", "47399", "48999", "53899")) {
            orders.put("retired unlisted code " + retired, order(coded(CPT, retired)));
        }
        orders.put("0600T in a foreign system", order(coded(FOREIGN, "0600T")));
        orders.put("0600T by the CPT OID", order(coded(CPT_OID, "0600T")));
        orders.put(
                "0600T with a CPT version",
                order(new CodeableConcept(new Coding(CPT, "0600T", null).setVersion("2023"))));
        orders.put("0600T without a system", order(new CodeableConcept(new Coding(null, "0600T", null))));
        orders.put("CPT without a code", order(new CodeableConcept(new Coding(CPT, null, "Ablation"))));
        orders.put("0600T in the text only", order(new CodeableConcept().setText("0600T")));
        orders.put("no code at all", new ServiceRequest());
        orders.put(
                "CT 74177 and 0601T on one order",
                order(coded(CPT, "74177").addCoding(new Coding(CPT, "0601T", null))));
        orders.put(
                "0601T in billing options of a SNOMED CT code",
                order(withBillingOptions(coded(SNOMED, "733108008"), CPT, "0601T")));
        CodeableConcept twoOptions = withBillingOptions(coded(SNOMED, "733108008"), CPT, "74177");
        twoOptions.getExtensionByUrl(BILLING_OPTIONS).addExtension("code", new Coding(CPT, "0600T", null));
        orders.put("0600T in billing options, with 74177 beside it", order(twoOptions));
        CodeableConcept foreignExtension = coded(SNOMED, "733108008");
        foreignExtension
                .addExtension()
                .setUrl("http://example.org/billing-options")
                .addExtension("code", new Coding(CPT, "0600T", null));
        orders.put("0600T in an extension that is not CRD billing options", order(foreignExtension));
        CodeableConcept codeValued = coded(SNOMED, "733108008");
        codeValued.addExtension().setUrl(BILLING_OPTIONS).addExtension("code", new CodeType("0600T"));
        orders.put("0600T as a code, not a Coding, in billing options", order(codeValued));
        orders.put(
                "95806 in billing options by the CPT OID",
                order(withBillingOptions(coded(SNOMED, "60554003"), CPT_OID, "95806")));
        return orders;
    }

    private static List<Coding> members(List<ValueSetExpansionContainsComponent> contains) {
        List<Coding> members = new ArrayList<>();
        for (ValueSetExpansionContainsComponent entry : contains) {
            if (entry.hasCode()) {
                members.add(new Coding(entry.getSystem(), entry.getCode(), null));
            }
            members.addAll(members(entry.getContains()));
        }
        return members;
    }

    private static CodeableConcept coded(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static CodeableConcept withBillingOptions(CodeableConcept concept, String system, String code) {
        Extension options = concept.addExtension();
        options.setUrl(BILLING_OPTIONS).addExtension("code", new Coding(system, code, null));
        return concept;
    }

    private static ServiceRequest order(CodeableConcept code) {
        ServiceRequest order = new ServiceRequest();
        order.setId("agreement-1");
        order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        order.setCode(code);
        return order;
    }
}
