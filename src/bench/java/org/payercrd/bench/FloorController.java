package org.payercrd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The load benchmark's floor (bench/run.sh): what any JSON endpoint of this server costs, measured in the same run
 * and process as order-sign. It parses the same body with Jackson into a tree, like the hook endpoint does, and
 * answers a fixed small JSON. Compiled only by the {@code bench} Maven profile (this source folder is not part of
 * the default build, so the shipped jar holds no such class), and served only under the {@code bench} Spring
 * profile, so that the start-up figures bench/run.sh takes from the same jar do not include it.
 */
@Profile("bench")
@RestController
class FloorController {

    private static final Map<String, List<Object>> EMPTY_ANSWER = Map.of("cards", List.of());

    @PostMapping(
            path = "/bench/floor",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<Object>> floor(@RequestBody JsonNode body) {
        return EMPTY_ANSWER;
    }
}
