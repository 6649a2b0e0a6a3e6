package org.payercrd.operations;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

class HealthTest extends RunningService {

    @Test
    void readinessIsUpAndNamesEveryLoadedPolicy() {
        get("/actuator/health/readiness")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.policies.status", equalTo("UP"))
                .body(
                        "components.policies.details.policies",
                        hasItem(startsWith("ire-nanoknife https://payercrd.org/fhir/Library/IreNanoKnifePolicy|")))
                .body("components.readinessState.status", equalTo("UP"));
    }

    @Test
    void livenessIsUp() {
        get("/actuator/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void benchmarkFloorEndpointIsNotServedOutsideTheBenchProfile() {
        json("{}").when().post("/bench/floor").then().statusCode(404);
    }
}
