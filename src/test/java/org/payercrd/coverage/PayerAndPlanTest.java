package org.payercrd.coverage;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * Which payer and plan the patient has, in the default (lenient) payer mode: the service speaks for Premera Blue
 * Cross only, and the IRE policy governs Premera's commercial plans, not its Medicare Advantage plans.
 */
class PayerAndPlanTest extends RunningService {

    private static final String ASSERTION = "systemActions[0].resource.extension[0].extension";

    @Test
    void coverageWithAnotherPayerGetsNoPolicyCardAndNoAssertion() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-other-payer.json"))
                .statusCode(200)
                .body("cards", hasSize(0))
                .body("systemActions", hasSize(0));
    }

    @Test
    void coverageIdentifiedAsAnotherPayerGetsNoPolicyCardAndNoAssertion() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-other-payer-identifier.json"))
                .statusCode(200)
                .body("cards", hasSize(0))
                .body("systemActions", hasSize(0));
    }

    @Test
    void payorNamingNoPayerIsTakenAsThisPayers() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-payor-unidentified.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body(ASSERTION + ".find { it.url == 'covered' }.valueCode", equalTo("not-covered"))
                .body(ASSERTION + ".find { it.url == 'coverage' }.valueReference.reference", equalTo("Coverage/cov-1"));
    }

    @Test
    void ourMembersCoverageIsChosenAmongSeveralWhateverTheCaseOfItsPayerName() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-two-coverages.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body(
                        ASSERTION + ".find { it.url == 'coverage' }.valueReference.reference",
                        equalTo("Coverage/cov-premera"));
    }

    /** CRD: "if no coverage instance is available, the coverage-information extension cannot be returned". */
    @Test
    void withoutCoverageThePolicyCardsStillComeButNoAssertionIsMade() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-no-coverage.json"))
                .statusCode(200)
                .body("cards", hasSize(2))
                .body("cards[0].summary", containsString("investigational"))
                .body("systemActions", empty());
    }

    @Test
    void medicareAdvantageMemberGetsOnlyAnInfoCardThatCmsRulesGovern() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-medicare-advantage.json"))
                .statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].indicator", equalTo("info"))
                .body("cards[0].summary", containsString("Medicare Advantage"))
                .body("cards[0].summary.length()", lessThan(140))
                .body("cards[0].detail", containsString("does not apply to it"))
                .body("cards[0].detail", containsString("CMS Medicare coverage rules"))
                .body("cards[0].links.url", hasItem("https://www.cms.gov/medicare-coverage-database/search.aspx"))
                .body("systemActions", hasSize(0));
    }

    @Test
    void aPlanClassNamingMedicareAdvantageAlsoMakesAMedicareAdvantageMember() {
        callService("crd-order-sign", fixture("requests/order-sign-ire-medicare-advantage-plan-class.json"))
                .statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].summary", containsString("Medicare Advantage"))
                .body("systemActions", hasSize(0));
    }
}
