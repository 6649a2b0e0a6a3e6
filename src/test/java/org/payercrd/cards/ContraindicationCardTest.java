package org.payercrd.cards;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.payercrd.RunningService;

/**
 * When the patient's record shows what the NanoKnife labeling lists as a contraindication, an IRE order gets a
 * critical card of its own that names the finding with its code and cites the labeling; otherwise no such card.
 */
class ContraindicationCardTest extends RunningService {

    private static final String CRITICAL_CARD = "cards.find { it.indicator == 'critical' }";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            order-sign-ire-pancreatic-cancer-with-pacemaker.json | Implanted electronic device        | Presence of cardiac pacemaker     | ICD-10-CM Z95.0
            order-sign-ire-pacemaker-snomed-condition.json       | Implanted electronic device        | Cardiac pacemaker in situ         | SNOMED CT 441509002
            order-sign-ire-pacemaker-device.json                 | Implanted electronic device        | Cardiac pacemaker, device         | SNOMED CT 14106009
            order-sign-ire-defibrillator-device.json             | Implanted electronic device        | Implantable defibrillator, device | SNOMED CT 72506001
            order-sign-ire-epilepsy.json                         | History of epilepsy                | Epilepsy, unspecified             | ICD-10-CM G40.909
            order-sign-ire-atrial-fibrillation.json              | History of cardiac arrhythmia      | Unspecified atrial fibrillation   | ICD-10-CM I48.91
            order-sign-ire-old-myocardial-infarction.json        | History of myocardial infarction   | Old myocardial infarction         | ICD-10-CM I25.2
            order-sign-ire-uveal-melanoma.json                   | Lesion of the eye as the indication | Malignant neoplasm of right choroid | ICD-10-CM C69.31
            """)
    void findingInTheRecordGetsACriticalCardNamingItWithItsCode(String request, String kind, String name, String code) {
        callService("crd-order-sign", fixture("requests/" + request))
                .statusCode(200)
                .body("cards.findAll { it.indicator == 'critical' }", hasSize(1))
                .body(CRITICAL_CARD + ".summary", startsWith("NanoKnife contraindicated: " + name))
                .body(CRITICAL_CARD + ".summary", containsString("(" + code + ")"))
                .body(CRITICAL_CARD + ".summary.length()", lessThan(140))
                .body(CRITICAL_CARD + ".detail", containsString("- " + kind + ": " + name))
                .body(CRITICAL_CARD + ".detail", containsString("(" + code + ")"))
                .body(
                        CRITICAL_CARD + ".detail",
                        containsString("NanoKnife System's labeling lists this as a contraindication"))
                .body(CRITICAL_CARD + ".source.topic.code", equalTo("contraindication"))
                .body(CRITICAL_CARD + ".links[0].label", startsWith("NanoKnife labeling"))
                .body(
                        CRITICAL_CARD + ".links[0].url",
                        equalTo("https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfpmn/pmn.cfm?ID=K102329"));
    }

    @Test
    void cardTopicUsesTheHl7CardTypeSystemForCrd22() {
        String request = fixture("requests/order-sign-ire-pacemaker-device.json")
                .replaceFirst(
                        "\"hook\": \"order-sign\",",
                        "\"hook\": \"order-sign\", \"extension\": {\"davinci-crd.requestedVersion\": \"2.2.0\"},");
        callService("crd-order-sign", request)
                .statusCode(200)
                .body(
                        CRITICAL_CARD + ".source.topic.system",
                        equalTo("http://terminology.hl7.org/CodeSystem/cdshooks-card-type"))
                .body(CRITICAL_CARD + ".source.topic.code", equalTo("contraindication"));
    }

    @Test
    void discoveryAsksForActiveConditionsAndDevicesAndOffersTheContraindicationSwitch() {
        io.restassured.RestAssured.get("/cds-services")
                .then()
                .statusCode(200)
                .body(
                        "services.find { it.id == 'crd-order-sign' }.prefetch.conditions",
                        equalTo("Condition?patient={{context.patientId}}&clinical-status=active"))
                .body(
                        "services.find { it.id == 'crd-order-sign' }.prefetch.devices",
                        equalTo("Device?patient={{context.patientId}}"))
                .body(
                        "services.find { it.id == 'crd-order-select' }.prefetch.devices",
                        equalTo("Device?patient={{context.patientId}}"))
                .body(
                        "services.find { it.id == 'crd-order-sign' }.extension.'davinci-crd.configuration-options'.code",
                        hasItem("contraindication"));
    }

    @Test
    void ehrCanSwitchTheContraindicationCardOff() {
        String request = fixture("requests/order-sign-ire-pacemaker-device.json")
                .replaceFirst(
                        "\"hook\": \"order-sign\",",
                        "\"hook\": \"order-sign\", \"extension\": {\"davinci-crd.configuration\": {\"contraindication\": false}},");
        callService("crd-order-sign", request)
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.findAll { it.indicator == 'critical' }", empty());
    }

    @Test
    void unrelatedConditionsAndDevicesGiveNoCriticalCard() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-unrelated-conditions.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards.findAll { it.indicator == 'critical' }", empty());
    }

    @Test
    void refutedPacemakerResolvedDefibrillatorAndInactiveDeviceGiveNoCriticalCard() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-refuted-or-removed-devices.json"))
                .statusCode(200)
                .body("cards.findAll { it.indicator == 'critical' }", empty());
    }

    @Test
    void pacemakerDoesNotConcernAnOrderThatIsNotIre() {
        callService("crd-order-sign", fixture("requests/order-sign-knee-mri-with-pacemaker.json"))
                .statusCode(200)
                .body("cards", empty());
    }

    @Test
    void severalFindingsAreAllListedAndCountedInTheSummary() {
        String request = fixture("requests/order-sign-ire-uveal-melanoma.json")
                .replace(
                        "\"prefetch\": {",
                        "\"prefetch\": {\"devices\": "
                                + "{\"resourceType\": \"Device\", \"id\": \"dev-pm\", \"status\": \"active\", "
                                + "\"patient\": {\"reference\": \"Patient/pat-1\"}, \"type\": {\"coding\": [{\"system\": "
                                + "\"http://snomed.info/sct\", \"code\": \"14106009\", \"display\": \"Cardiac pacemaker, device\"}]}},");
        callService("crd-order-sign", request)
                .statusCode(200)
                .body("cards.findAll { it.indicator == 'critical' }", hasSize(1))
                .body(CRITICAL_CARD + ".summary", containsString(" and 1 more"))
                .body(
                        CRITICAL_CARD + ".detail",
                        containsString("- Implanted electronic device: Cardiac pacemaker, device (SNOMED CT 14106009)"))
                .body(
                        CRITICAL_CARD + ".detail",
                        containsString(
                                "- Lesion of the eye as the indication: Malignant neoplasm of right choroid (ICD-10-CM C69.31)"));
    }
}
