package org.payercrd.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.payercrd.RunningService;

/**
 * The load benchmark (bench/run.sh) measures the service's real work on real requests, not an error path: the
 * "ire" request and every body of the "typical" workload get the real answer, the IRE orders assessed and the
 * ordinary orders left alone.
 */
class BenchmarkRequestTest extends RunningService {

    private static final Path IRE_REQUEST = Path.of("bench/requests/order-sign-two-orders.json");
    private static final Path TYPICAL = Path.of("bench/requests/typical");
    private static final String IRE_CODE = "0600T";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void benchmarkRequestGetsTheIreOrderAssessedWithItsIndicationAndTheOtherOrderLeftAlone() throws IOException {
        callService("crd-order-sign", Files.readString(IRE_REQUEST))
                .statusCode(200)
                .body("cards.indicator", hasItem("warning"))
                .body(
                        "cards.extension.'davinci-crd.associated-resource'",
                        everyItem(equalTo("ServiceRequest/ire-bench")))
                .body("systemActions", hasSize(1))
                .body("systemActions[0].resource.id", equalTo("ire-bench"));
    }

    @Test
    void typicalWorkloadIsTwentyRequestsOfOneToThreeOrdinaryOrdersOneOfThemAlsoCarryingAnIreOrder() throws IOException {
        List<Path> bodies = typicalBodies();
        assertThat(bodies).hasSize(20);
        int withIre = 0;
        for (Path body : bodies) {
            List<JsonNode> orders = orders(body);
            List<String> ire = ireOrderIds(orders);
            assertThat(orders.size() - ire.size()).as(body.toString()).isBetween(1, 3);
            assertThat(JSON.readTree(body.toFile()).path("prefetch").fieldNames())
                    .toIterable()
                    .as(body.toString())
                    .containsExactlyInAnyOrder("patient", "coverage", "conditions", "devices");
            withIre += ire.isEmpty() ? 0 : 1;
        }
        assertThat(withIre).isEqualTo(1);
    }

    @TestFactory
    Stream<DynamicTest> everyTypicalBodyGetsItsIreOrdersAssessedAndItsOrdinaryOrdersLeftAlone() throws IOException {
        return typicalBodies().stream()
                .map(body -> DynamicTest.dynamicTest(body.getFileName().toString(), () -> {
                    List<String> ire = ireOrderIds(orders(body));
                    JsonNode answer = JSON.readTree(callService("crd-order-sign", Files.readString(body))
                            .statusCode(200)
                            .extract()
                            .asString());
                    if (ire.isEmpty()) {
                        assertThat(answer.path("cards")).as("cards").isEmpty();
                        assertThat(answer.path("systemActions"))
                                .as("systemActions")
                                .isEmpty();
                        return;
                    }
                    assertThat(answer.path("cards").findValuesAsText("indicator"))
                            .contains("warning");
                    List<String> associated = new ArrayList<>();
                    answer.path("cards")
                            .forEach(card -> card.path("extension")
                                    .path("davinci-crd.associated-resource")
                                    .forEach(reference -> associated.add(
                                            reference.path("reference").asText())));
                    assertThat(associated).allMatch(r -> ire.contains(r.substring(r.indexOf('/') + 1)));
                    List<String> updated = new ArrayList<>();
                    answer.path("systemActions")
                            .forEach(action -> updated.add(
                                    action.path("resource").path("id").asText()));
                    assertThat(updated).containsExactlyInAnyOrderElementsOf(ire);
                }));
    }

    private static List<Path> typicalBodies() throws IOException {
        try (Stream<Path> files = Files.list(TYPICAL)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d\\d\\.json"))
                    .sorted()
                    .toList();
        }
    }

    private static List<JsonNode> orders(Path body) throws IOException {
        List<JsonNode> orders = new ArrayList<>();
        JSON.readTree(body.toFile())
                .path("context")
                .path("draftOrders")
                .path("entry")
                .forEach(entry -> orders.add(entry.path("resource")));
        return orders;
    }

    /** The orders the IRE policy governs, told by their code as the benchmark's author chose them. */
    private static List<String> ireOrderIds(List<JsonNode> orders) {
        List<String> ids = new ArrayList<>();
        for (JsonNode order : orders) {
            for (JsonNode coding : order.path("code").path("coding")) {
                if (IRE_CODE.equals(coding.path("code").asText())) {
                    ids.add(order.path("id").asText());
                }
            }
        }
        return ids;
    }
}
