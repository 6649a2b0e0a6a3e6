package org.payercrd;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Base of the tests that run the service on the real PostgreSQL of {@link TestDatabases} and make its audit store
 * fail underneath it (each in a schema or database of its own, named by its {@code @DynamicPropertySource} through
 * {@link #auditIn}). Each subclass is {@code @EnabledIf("postgresGiven")}: without a PostgreSQL it is skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crd.policies.validate=false")
public abstract class ServiceOnPostgres extends ServiceOnRandomPort {

    /** An IRE order a policy governs, with a pacemaker: a contraindication card and the coverage assertion. */
    protected static final String PACEMAKER = "requests/order-sign-ire-pancreatic-cancer-with-pacemaker.json";

    private static final String FIXTURE_HOOK_INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea";

    @Autowired
    protected CrdProperties properties;

    protected static boolean postgresGiven() {
        return TestDatabases.postgresGiven();
    }

    /** The service's audit store: the database at {@code url}, as the given PostgreSQL user. */
    protected static void auditIn(DynamicPropertyRegistry registry, Supplier<Object> url) {
        registry.add("spring.datasource.url", url);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
    }

    /** An order-sign call of {@code fixture} with its own hook instance. */
    protected static Response callOrderSign(String fixture, String hookInstance) {
        return given().contentType(ContentType.JSON)
                .body(RunningService.fixture(fixture).replace(FIXTURE_HOOK_INSTANCE, hookInstance))
                .when()
                .post("/cds-services/crd-order-sign");
    }

    /** A session of the test's own on the database the tests were given (not the service's pool). */
    protected static Connection givenDatabase() throws SQLException {
        return DriverManager.getConnection(
                TestDatabases.postgresUrl(), TestDatabases.postgresUser(), TestDatabases.postgresPassword());
    }
}
