package org.payercrd.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;

/** The answer of a payer whose records are down (README "the degraded answer"), to the pacemaker order-sign. */
final class PayerRecordsDown {

    private PayerRecordsDown() {}

    /**
     * 200 with every card, the contraindication card included, no coverage-information action, and the order's first
     * coverage card (the investigational one) ending with {@code note}, which no other card carries.
     */
    static void assertCardsWithoutAssertion(Response degraded, String note) {
        assertThat(degraded.statusCode())
                .as("answered as a payer whose records are down")
                .isEqualTo(200);
        JsonPath answer = degraded.jsonPath();
        assertThat(answer.getList("systemActions"))
                .as("no coverage-information action")
                .isEmpty();
        assertThat(answer.getString("cards.find { it.source.topic.code == 'contraindication' }.summary"))
                .as("the safety card still comes")
                .isNotBlank();
        List<Map<String, Object>> coverageCards =
                answer.getList("cards.findAll { it.source.topic.code == 'coverage-info' }");
        assertThat(coverageCards).isNotEmpty();
        assertThat((String) coverageCards.get(0).get("detail"))
                .as("the order's first coverage card")
                .endsWith("\n\n" + note);
        assertThat((String) coverageCards.get(0).get("summary")).startsWith("Irreversible electroporation");
        coverageCards
                .subList(1, coverageCards.size())
                .forEach(card -> assertThat((String) card.get("detail")).doesNotContain(note));
        assertThat(degraded.asString()).doesNotContain("coverage-assertion-id");
    }
}
