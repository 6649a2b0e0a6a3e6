package org.payercrd.deploy;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

/** The load benchmark (bench/run.sh) measures the service's real work on a real request, not an error path. */
class BenchmarkRequestTest extends RunningService {

    @Test
    void benchmarkRequestGetsTheIreOrderAssessedWithItsIndicationAndTheOtherOrderLeftAlone() throws IOException {
        callService("crd-order-sign", Files.readString(Path.of("bench/requests/order-sign-two-orders.json")))
                .statusCode(200)
                .body("cards.indicator", hasItem("warning"))
                .body("cards.extension.'davinci-crd.associated-resource'", everyItem(equalTo("ServiceRequest/ire-bench")))
                .body("systemActions", hasSize(1))
                .body("systemActions[0].resource.id", equalTo("ire-bench"));
    }
}
