package org.payercrd.cards;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * The investigational-status card leads with the evidence for the order's indication: its summary names the
 * indication, its detail opens with that indication's evidence, and its first links are that indication's NICE
 * guidance, guideline and trials.
 */
class IndicationEvidenceTest extends RunningService {

    private static final String EVIDENCE_CARD = "cards.find { it.indicator == 'warning' }";

    @Test
    void pancreaticCancerAsReasonCodeLeadsWithPancreaticEvidenceNiceIpg579AndTrials() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-pancreatic-cancer-with-pacemaker.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for pancreatic cancer is investigational"))
                .body(EVIDENCE_CARD + ".detail", containsString("\n\n**Evidence for pancreatic cancer.**"))
                .body(EVIDENCE_CARD + ".detail", containsString("NCCN (v1.2022): IRE not recommended"))
                .body(EVIDENCE_CARD + ".links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg579"))
                .body(
                        EVIDENCE_CARD + ".links.url",
                        hasItems(
                                "https://www.nccn.org/guidelines/guidelines-detail?category=1&id=1455",
                                "https://clinicaltrials.gov/study/NCT02041936",
                                "https://clinicaltrials.gov/study/NCT04212026",
                                "https://clinicaltrials.gov/study/NCT03484299",
                                "https://clinicaltrials.gov/study/NCT03614910",
                                "https://clinicaltrials.gov/study/NCT03105921"));
    }

    @Test
    void pancreasAsBodySiteIsThePancreaticIndication() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-pancreas-body-site.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for pancreatic cancer"))
                .body(EVIDENCE_CARD + ".links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg579"));
    }

    @Test
    void liverMetastasisInTheReferencedConditionLeadsWithLiverEvidenceAndNiceGuidance() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-liver-metastases-by-reference.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for liver tumors"))
                .body(EVIDENCE_CARD + ".detail", containsString("**Evidence for liver tumors.**"))
                .body(EVIDENCE_CARD + ".detail", containsString("NICE IPG664 and IPG445"))
                .body(EVIDENCE_CARD + ".links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg664"))
                .body(EVIDENCE_CARD + ".links[1].url", equalTo("https://www.nice.org.uk/guidance/ipg445"))
                .body(
                        EVIDENCE_CARD + ".links[2].url",
                        equalTo("https://www.nccn.org/guidelines/guidelines-detail?category=1&id=1438"));
    }

    @Test
    void prostateCancerInSnomedLeadsWithProstateEvidenceIdeAndTrials() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-prostate-cancer-snomed.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for prostate cancer"))
                .body(EVIDENCE_CARD + ".detail", containsString("**Evidence for prostate cancer.**"))
                .body(EVIDENCE_CARD + ".detail", containsString("Investigational Device Exemption"))
                .body(EVIDENCE_CARD + ".links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg572"))
                .body(
                        EVIDENCE_CARD + ".links.url",
                        hasItems(
                                "https://clinicaltrials.gov/study/NCT05345444",
                                "https://clinicaltrials.gov/study/NCT04972097"));
    }

    @Test
    void kidneyCancerCodedWithoutTheDotLeadsWithRenalEvidenceAndNiceIpg443() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-kidney-cancer-undotted-icd.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for renal cell carcinoma"))
                .body(EVIDENCE_CARD + ".detail", containsString("often ablated incompletely"))
                .body(EVIDENCE_CARD + ".links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg443"));
    }

    @Test
    void lungCancerSubcodeLeadsWithLungEvidenceAndNiceIpg441() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-lung-cancer.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for lung malignancies"))
                .body(EVIDENCE_CARD + ".detail", containsString("stopped early for lack of efficacy"))
                .body(EVIDENCE_CARD + ".links[0].url", equalTo("https://www.nice.org.uk/guidance/ipg441"));
    }

    @Test
    void thyroidCancerIsAnotherSiteStudiedWithTheGuidanceForEverySite() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-thyroid-cancer.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", containsString("for thyroid cancer"))
                .body(EVIDENCE_CARD + ".detail", containsString("all use outside the prostate IDE is off-label"))
                .body(
                        EVIDENCE_CARD + ".links.url",
                        hasItems("https://www.nice.org.uk/guidance/ipg664", "https://www.nice.org.uk/guidance/ipg441"));
    }

    @Test
    void orderWithoutIndicationGetsTheGeneralSummaryAndTheGuidanceForEverySite() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-0600T.json"))
                .statusCode(200)
                .body(EVIDENCE_CARD + ".summary", not(containsString(" for ")))
                .body(EVIDENCE_CARD + ".summary.length()", lessThan(140))
                .body(EVIDENCE_CARD + ".detail", containsString("**Evidence.** Small non-randomized"))
                .body(EVIDENCE_CARD + ".detail", not(containsString("**Evidence for")))
                .body(EVIDENCE_CARD + ".links[0].label", startsWith("NICE IPG664"))
                .body(
                        EVIDENCE_CARD + ".links.url",
                        hasItems(
                                "https://www.nice.org.uk/guidance/ipg664",
                                "https://www.nice.org.uk/guidance/ipg445",
                                "https://www.nice.org.uk/guidance/ipg579",
                                "https://www.nice.org.uk/guidance/ipg572",
                                "https://www.nice.org.uk/guidance/ipg443",
                                "https://www.nice.org.uk/guidance/ipg441",
                                "https://www.premera.com/medicalpolicies/"));
    }
}
