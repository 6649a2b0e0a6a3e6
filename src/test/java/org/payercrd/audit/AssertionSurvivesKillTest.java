package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdApplication;
import org.payercrd.RunningService;
import org.payercrd.ServiceProcess;
import org.payercrd.TestDatabases;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A coverage assertion is on disk before the EHR receives it: the service runs in a process of its own, answers an
 * order-sign, and is killed with SIGKILL (no shutdown hook, no flush) the moment the answer arrives; a new
 * application context on the same embedded database then still finds the assertion.
 */
class AssertionSurvivesKillTest {

    @Test
    void assertionAnsweredJustBeforeAKillIsFoundAfterRestart() throws Exception {
        String name = "killed-" + UUID.randomUUID();
        String database = TestDatabases.h2File("./target/test-data/" + name);
        List<String> settings = List.of("--spring.datasource.url=" + database, "--crd.policies.validate=false");

        String assertionId = answerOnceThenKill(name, settings);

        try (ConfigurableApplicationContext restarted =
                new SpringApplicationBuilder(CrdApplication.class).run(args("--server.port=0", settings))) {
            int port = restarted.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            given().port(port)
                    .when()
                    .get("/api/assertions/" + assertionId)
                    .then()
                    .statusCode(200)
                    .body("assertionId", equalTo(assertionId))
                    .body("orders[0].orderReference", equalTo("ServiceRequest/ire-1"))
                    .body("orders[0].decision", equalTo("not-covered"));
        }
    }

    private static String answerOnceThenKill(String name, List<String> settings) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(name, settings)) {
            service.awaitReady();
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(service.uri("/cds-services/crd-order-sign"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            RunningService.fixture("requests/order-sign-ire-0600T.json")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            service.kill();
            assertThat(answer.statusCode()).isEqualTo(200);
            String assertionId = JsonPath.from(answer.body())
                    .getString("systemActions[0].resource.extension[0].extension"
                            + ".find { it.url == 'coverage-assertion-id' }.valueString");
            assertThat(assertionId).isNotBlank();
            return assertionId;
        }
    }

    private static String[] args(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
