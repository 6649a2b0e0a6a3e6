package org.payercrd;

import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of every test class that runs the service with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}: REST
 * Assured is pointed at the port the service got before each test. The subclass (or a base such as
 * {@link RunningService}) carries the {@code @SpringBootTest} and its configuration; this class adds none, so the
 * context each test class gets is unchanged.
 */
public abstract class ServiceOnRandomPort {

    @LocalServerPort
    protected int port;

    @BeforeEach
    void pointRestAssuredAtTheService() {
        RestAssured.port = port;
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
