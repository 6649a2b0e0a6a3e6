package org.payercrd.hooks;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** order-sign: what an EHR gets back for IRE orders and for everything else. */
class OrderSignTest extends RunningService {

    private static final String COVERAGE_INFORMATION =
            "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

    @Test
    void percutaneousIreOrderGetsInvestigationalCardInstructionsAndNotCoveredAssertion() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("systemActions", hasSize(1));
    }

    @Test
    void investigationalCardIsAnExternalReferenceWarningWithTheEvidence() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .body("cards[0].uuid", notNullValue())
                .body(
                        "cards[0].summary",
                        allOf(
                                containsString("investigational"),
                                containsString("0600T"),
                                containsString("electroporation")))
                .body("cards[0].summary.length()", lessThan(140))
                .body("cards[0].indicator", equalTo("warning"))
                .body("cards[0].detail", containsString("investigational for all indications"))
                .body("cards[0].source.label", equalTo("Premera Blue Cross"))
                .body("cards[0].source.topic.code", equalTo("coverage-info"))
                .body("cards[0].source.topic.system", equalTo("http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"))
                .body("cards[0].links.type", everyItem(equalTo("absolute")))
                .body("cards[0].links.url", everyItem(startsWith("https://")))
                .body(
                        "cards[0].links.url",
                        hasItems(
                                "https://www.nice.org.uk/guidance/ipg579",
                                "https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfpmn/pmn.cfm?ID=K102329"))
                .body("cards[0].overrideReasons.display", hasItem("Patient is enrolled in a clinical trial"))
                .body("cards[0].overrideReasons.system", everyItem(notNullValue()))
                .body("cards[0].extension", nullValue());
    }

    @Test
    void aCrd22ClientAlsoGetsTheAssociatedResourceAndCardTypesFromHl7Terminology() {
        callService(
                        "crd-order-sign",
                        fixture("requests/order-sign-ire-0600T.json")
                                .replaceFirst("\\{", "{\"extension\": {\"davinci-crd.requestedVersion\": \"2.2\"},"))
                .statusCode(200)
                .body(
                        "cards[0].source.topic.system",
                        equalTo("http://terminology.hl7.org/CodeSystem/cdshooks-card-type"))
                .body(
                        "cards[0].extension.'davinci-crd.associated-resource'[0].reference",
                        equalTo("ServiceRequest/ire-1"));
    }

    @Test
    void instructionsCardIsInformationalWithoutLinksOrSuggestions() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .body("cards[1].indicator", equalTo("info"))
                .body("cards[1].detail", containsString("plan exception"))
                .body("cards[1].links", nullValue())
                .body("cards[1].suggestions", nullValue());
    }

    @Test
    void coverageAssertionIsTheDraftOrderAsReceivedPlusTheCrdExtension() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .body("systemActions[0].type", equalTo("update"))
                .body("systemActions[0].description", notNullValue())
                .body("systemActions[0].resource.resourceType", equalTo("ServiceRequest"))
                .body("systemActions[0].resource.id", equalTo("ire-1"))
                .body("systemActions[0].resource.status", equalTo("draft"))
                .body("systemActions[0].resource.intent", equalTo("order"))
                .body("systemActions[0].resource.code.coding[0].code", equalTo("0600T"))
                .body("systemActions[0].resource.subject.reference", equalTo("Patient/pat-1"))
                .body("systemActions[0].resource.authoredOn", equalTo("2026-11-25"))
                .body("systemActions[0].resource.requester.reference", equalTo("Practitioner/example"))
                .body("systemActions[0].resource.extension.url", hasItem(COVERAGE_INFORMATION))
                .body(subExtension("covered", "valueCode"), equalTo("not-covered"))
                .body(subExtension("coverage", "valueReference.reference"), equalTo("Coverage/cov-1"))
                .body(subExtension("billingCode", "valueCoding.code"), equalTo("0600T"))
                .body(subExtension("billingCode", "valueCoding.system"), equalTo("http://www.ama-assn.org/go/cpt"))
                .body(subExtension("reason", "valueCodeableConcept.text"), containsString("investigational"))
                .body(subExtension("date", "valueDate"), equalTo(LocalDate.now().toString()))
                .body(subExtension("coverage-assertion-id", "valueString"), notNullValue())
                .body("systemActions[0].resource.extension[0].extension.url", not(hasItem("pa-needed")));
    }

    @Test
    void openIreOrderIsRecognisedByCpt0601T() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0601T-open.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("0601T"))
                .body(subExtension("billingCode", "valueCoding.code"), equalTo("0601T"));
    }

    @Test
    void cptNamedByItsHl7OidIsStillCpt() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-cpt-oid.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body(subExtension("billingCode", "valueCoding.system"), equalTo("http://www.ama-assn.org/go/cpt"));
    }

    @Test
    void theSameCodeInAnotherCodeSystemIsNotIre() {
        callService("crd-order-sign", fixture("requests/order-sign-0600T-in-foreign-system.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", empty());
    }

    @Test
    void crdBillingOptionsExtensionOnTheCodeIdentifiesIre() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-billing-option.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body(subExtension("billingCode", "valueCoding.code"), equalTo("0601T"));
    }

    @Test
    void inMixedOrdersOnlyTheIreOrderGetsCardsAndAnAssertion() {
        callService("crd-order-sign", fixture("requests/order-sign-mixed-orders.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.extension.'davinci-crd.associated-resource'", everyItem(equalTo("ServiceRequest/ire-1")))
                .body("systemActions", hasSize(1))
                .body("systemActions[0].resource.id", equalTo("ire-1"));
    }

    @Test
    void twoIreOrdersUnderOneCoverageShareOneAssertionId() {
        JsonPath response = callService("crd-order-sign", fixture("requests/order-sign-two-ire-orders.json"))
                .statusCode(200)
                .body("cards", hasSize(4))
                .body("systemActions", hasSize(2))
                .extract()
                .jsonPath();
        List<String> ids = response.getList(
                "systemActions.collect { it.resource.extension[0].extension.find { e -> e.url == 'coverage-assertion-id' }.valueString }");
        org.hamcrest.MatcherAssert.assertThat(ids.get(0), equalTo(ids.get(1)));
    }

    @Test
    void ordersThatAreNotIreGetNothing() {
        callService("crd-order-sign", fixture("requests/order-sign-no-ire.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", empty());
    }

    @Test
    void emptyDraftOrdersGetEmptyCardsAndSystemActions() {
        callService("crd-order-sign", fixture("requests/order-sign-empty-draft-orders.json"))
                .statusCode(200)
                .body("cards", empty())
                .body("systemActions", empty());
    }

    @Test
    void realWorldLeniencyBundleWithoutTypeEmptyCodingAndUnknownFieldsIsAccepted() {
        callService("crd-order-sign", fixture("requests/order-sign-lenient-real-world.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("systemActions", hasSize(1));
    }

    @Test
    void withoutPrefetchTheOrderAloneDecidesTheCardsButNoAssertionIsMadeWithoutACoverage() {
        callService("crd-order-sign", fixture("requests/order-sign-no-prefetch.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("investigational"))
                .body("systemActions", empty());
    }

    /**
     * The acceptance scenario: a clinician orders IRE for a patient with pancreatic cancer and a pacemaker,
     * and sees the not-covered assertion, the investigational card leading with the pancreatic evidence and NICE
     * IPG579, the instructions card, and a critical card naming the pacemaker.
     */
    @Test
    void pancreaticCancerPatientWithPacemakerSeesAssertionEvidenceInstructionsAndPacemakerWarning() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-pancreatic-cancer-with-pacemaker.json"))
                .statusCode(200)
                .body("systemActions", hasSize(1))
                .body(
                        "systemActions[0].resource.extension[0].extension.find { it.url == 'covered' }.valueCode",
                        equalTo("not-covered"))
                .body("cards", hasSize(3))
                .body("cards[0].indicator", equalTo("critical"))
                .body(
                        "cards[0].summary",
                        equalTo("NanoKnife contraindicated: Presence of cardiac pacemaker (ICD-10-CM Z95.0)"))
                .body("cards[0].source.topic.code", equalTo("contraindication"))
                .body("cards[1].indicator", equalTo("warning"))
                .body(
                        "cards[1].summary",
                        equalTo("Irreversible electroporation (NanoKnife, CPT 0600T) for pancreatic "
                                + "cancer is investigational: not covered by Premera"))
                .body("cards[1].detail", containsString("**Evidence for pancreatic cancer.**"))
                .body("cards[1].links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg579"))
                .body("cards[1].links[0].label", startsWith("NICE IPG579 (2017)"))
                .body("cards[2].indicator", equalTo("info"))
                .body("cards[2].summary", startsWith("IRE not covered"));
    }

    private static String subExtension(String url, String value) {
        return "systemActions[0].resource.extension.find { it.url == '" + COVERAGE_INFORMATION
                + "' }.extension.find { it.url == '" + url + "' }." + value;
    }
}
