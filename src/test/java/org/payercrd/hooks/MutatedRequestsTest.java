package org.payercrd.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/**
 * Feeds many mutated copies of a valid order-sign request (fields removed, replaced by values of other JSON types,
 * text truncated) and checks that none gets a 5xx and every answer is JSON. Seeded, so a failure reproduces.
 */
class MutatedRequestsTest extends RunningService {

    private static final int MUTATIONS = 400;
    private static final long SEED = 20261125L;
    private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

    @Test
    void noMutationOfAValidRequestGetsAServerError() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String valid = fixture("requests/order-sign-ire-0600T.json");
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            String body;
            if (i % 10 == 9) {
                body = valid.substring(0, random.nextInt(valid.length()));
            } else {
                JsonNode request = mapper.readTree(valid);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    mutate(request, random);
                }
                body = request.toString();
            }
            Response response = json(body).post("/cds-services/crd-order-sign");
            if (response.statusCode() >= 500 || !response.contentType().startsWith("application/json")) {
                failures.add(response.statusCode() + " for " + body);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(3) == 0) {
                object.remove(name);
            } else {
                object.set(name, randomValue(random));
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int index = random.nextInt(array.size());
            if (random.nextBoolean()) {
                array.remove(index);
            } else {
                array.set(index, randomValue(random));
            }
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.numberNode(random.nextInt());
            case 2 -> nodes.textNode("");
            case 3 -> nodes.textNode("x".repeat(random.nextInt(2000)));
            case 4 -> nodes.arrayNode().add(1).add("two");
            case 5 -> nodes.objectNode().put("resourceType", "Patient");
            case 6 -> nodes.booleanNode(random.nextBoolean());
            default -> nodes.objectNode();
        };
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collectContainers(child, into));
        }
    }
}
