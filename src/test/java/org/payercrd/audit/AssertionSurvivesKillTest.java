package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdApplication;
import org.payercrd.RunningService;
import org.payercrd.TestDatabases;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A coverage assertion is on disk before the EHR receives it: the service runs in a process of its own, answers an
 * order-sign, and is killed with SIGKILL (no shutdown hook, no flush) the moment the answer arrives; a new
 * application context on the same embedded database then still finds the assertion.
 */
class AssertionSurvivesKillTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void assertionAnsweredJustBeforeAKillIsFoundAfterRestart() throws Exception {
        String name = "killed-" + UUID.randomUUID();
        String database = TestDatabases.h2File("./target/test-data/" + name);
        List<String> settings = List.of("--spring.datasource.url=" + database, "--crd.policies.validate=false");

        String assertionId = answerOnceThenKill(name, settings);

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(CrdApplication.class)
                .run(args("--server.port=0", settings))) {
            int port = restarted.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            given().port(port).when().get("/api/assertions/" + assertionId).then()
                    .statusCode(200)
                    .body("assertionId", equalTo(assertionId))
                    .body("orders[0].orderReference", equalTo("ServiceRequest/ire-1"))
                    .body("orders[0].decision", equalTo("not-covered"));
        }
    }

    private static String answerOnceThenKill(String name, List<String> settings) throws Exception {
        int port = freePort();
        Path log = Path.of("target", "test-data", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CrdApplication.class.getName()));
        command.addAll(List.of(args("--server.port=" + port, settings)));
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitReady(http, service, port, log);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cds-services/crd-order-sign"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(RunningService.fixture("requests/order-sign-ire-0600T.json")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            service.destroyForcibly();
            service.waitFor();
            assertThat(answer.statusCode()).isEqualTo(200);
            String assertionId = JsonPath.from(answer.body()).getString("systemActions[0].resource.extension[0].extension"
                    + ".find { it.url == 'coverage-assertion-id' }.valueString");
            assertThat(assertionId).isNotBlank();
            return assertionId;
        } finally {
            service.destroyForcibly();
        }
    }

    private static void awaitReady(HttpClient http, Process service, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new AssertionError("The service process exited during start-up:\n" + Files.readString(log));
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The service was not ready within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static String[] args(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
