package org.payercrd;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the tests that call the real service over HTTP. All of them share one application context (same
 * configuration), so the policies are compiled once per test run, not once per class. Metrics are exported as in
 * production (Boot turns that off in tests by default), so that tests can read {@code /actuator/prometheus}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=" + TestDatabases.SERVICE_H2_URL)
@AutoConfigureObservability(tracing = false)
public abstract class RunningService extends ServiceOnRandomPort {

    /** A JSON fixture from {@code src/test/resources}, e.g. {@code requests/order-sign-ire-0600T.json}. */
    public static String fixture(String path) {
        try (InputStream in = RunningService.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No test fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    protected static ValidatableResponse callService(String serviceId, String body) {
        return json(body).when().post("/cds-services/" + serviceId).then();
    }
}
