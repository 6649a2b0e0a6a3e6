package org.payercrd.conformance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Inferno group "Demonstrate A Hook Response": one request body, the service id inferred from discovery by the
 * body's hook, a 200 and a valid response.
 */
class DemonstrateHookResponseGroupTest extends ConformanceSuite {

    @Test
    void anOrderSignBodyIsAnsweredByTheServiceDiscoveryListsForItsHook() {
        JsonNode body = read(fixture("requests/order-sign-ire-0600T.json"));
        JsonNode services = read(given().get("/cds-services").asString()).path("services");
        String serviceId = StreamSupport.stream(services.spliterator(), false)
                .filter(s -> body.path("hook").asText().equals(s.path("hook").asText()))
                .map(s -> s.path("id").asText())
                .findFirst()
                .orElseThrow();

        HookExchange exchange = call(serviceId, "requests/order-sign-ire-0600T.json", body);

        assertConformant(exchange);
        assertThat(exchange.cards()).isNotEmpty();
    }
}
