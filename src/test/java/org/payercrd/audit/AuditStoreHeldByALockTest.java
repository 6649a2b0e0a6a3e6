package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.payercrd.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on PostgreSQL while another session holds an {@code ACCESS EXCLUSIVE} lock on {@code service_call}: the
 * call fails after about {@code crd.audit.write-timeout} (not the pool's or the lock's time), and once the lock is
 * released calls are answered and recorded again, without a restart.
 */
@EnabledIf(value = "postgresGiven", disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crd.policies.validate=false")
class AuditStoreHeldByALockTest {

    private static final String SCHEMA = "crd_lock_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @LocalServerPort
    int port;

    static boolean postgresGiven() {
        return TestDatabases.postgresGiven();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestDatabases.createPostgresSchema(SCHEMA);
        registry.add("spring.datasource.url", TestDatabases::postgresUrl);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }

    @BeforeEach
    void pointRestAssuredAtTheService() {
        RestAssured.port = port;
    }

    @Test
    void aCallHeldByALockFailsWithinTheTimeoutAndCallsSucceedOnceItIsReleased() throws SQLException {
        // A first call, so that what is timed below is the audit write, not the first evaluation's warm-up.
        assertThat(orderSign().statusCode()).isEqualTo(200);
        try (Connection locker = DriverManager.getConnection(TestDatabases.postgresUrl(), TestDatabases.postgresUser(),
                TestDatabases.postgresPassword())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + SCHEMA + ".service_call IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            Response refused = orderSign();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(refused.statusCode()).as("a failed audit write, as before").isEqualTo(500);
            assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
            assertThat(tookMillis).as("answered after about crd.audit.write-timeout (1.5 s)").isBetween(1400L, 4000L);
            locker.rollback();
        }

        Response answered = orderSign();
        assertThat(answered.statusCode()).isEqualTo(200);
        String assertionId = AuditedCallTest.assertionIdIn(answered.jsonPath());
        given().when().get("/api/assertions/" + assertionId).then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId));
    }

    private static Response orderSign() {
        return given().contentType(ContentType.JSON)
                .body(AuditedCallTest.orderSign(UUID.randomUUID().toString()))
                .when().post("/cds-services/crd-order-sign");
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (postgresGiven()) {
            try (Connection connection = DriverManager.getConnection(TestDatabases.postgresUrl(),
                    TestDatabases.postgresUser(), TestDatabases.postgresPassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }
}
