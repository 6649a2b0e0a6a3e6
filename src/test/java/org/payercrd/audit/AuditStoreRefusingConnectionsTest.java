package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.payercrd.ServiceOnPostgres;
import org.payercrd.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a PostgreSQL database that refuses connections ({@code ALLOW_CONNECTIONS false}, its sessions
 * terminated): calls still get their cards, without assertion, within the pool's connection timeout and the write
 * timeout; discovery stays fast; health says the audit is DOWN; once connections are allowed again, calls get and
 * record their assertions, without a restart. The database is this test's own, created and dropped here, so that
 * refusing connections never locks anyone out of the database the tests were given.
 */
@EnabledIf(
        value = "postgresGiven",
        disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
class AuditStoreRefusingConnectionsTest extends ServiceOnPostgres {

    private static final String DATABASE =
            "crd_refusing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws SQLException {
        try (Connection admin = admin();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        auditIn(registry, AuditStoreRefusingConnectionsTest::serviceUrl);
    }

    @Test
    void callsGetTheirCardsWithoutAssertionWhileConnectionsAreRefusedAndAssertionsOnceAllowed() throws SQLException {
        assertThat(call().statusCode()).isEqualTo(200);
        // Discovery's first answer (its JSON writer's warm-up) is not what is timed below.
        given().when().get("/cds-services").then().statusCode(200);
        try {
            refuseConnections();
            long started = System.nanoTime();
            Response degraded = call();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(degraded.statusCode()).isEqualTo(200);
            assertThat(tookMillis)
                    .as("within the connection and write timeouts, plus the review")
                    .isLessThan(4000L);
            JsonPath answer = degraded.jsonPath();
            assertThat(answer.getList("systemActions")).isEmpty();
            assertThat(answer.getString("cards.find { it.source.topic.code == 'contraindication' }.summary"))
                    .isNotBlank();
            assertThat(answer.getString("cards.find { it.source.topic.code == 'coverage-info' }.detail"))
                    .endsWith(properties.cards().unrecordedAssertionNote());

            long discoveryStarted = System.nanoTime();
            given().when().get("/cds-services").then().statusCode(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - discoveryStarted))
                    .as("no wait on the pool's 1 s connection timeout")
                    .isLessThan(1000L);

            long healthStarted = System.nanoTime();
            Response health = given().when().get("/actuator/health");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healthStarted))
                    .isLessThan(2500L);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.jsonPath().getString("components.audit.status")).isEqualTo("DOWN");
            given().when()
                    .get("/actuator/health/readiness")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
        } finally {
            allowConnections();
        }

        // Recovery takes up to about 6 s, not a restart: only Hikari's one connection-adder thread opens connections,
        // and after each refused attempt it sleeps, doubling from 10 ms up to 5 s (HikariCP 6.3, not configurable).
        // Until its next attempt a call waits its 1 s connection timeout and is answered without assertion; so
        // calls keep coming here, as they would in service, until one gets its assertion: 10 s at most.
        String assertionId = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (assertionId == null && System.nanoTime() < deadline) {
            Response answered = call();
            assertThat(answered.statusCode()).isEqualTo(200);
            assertionId = AuditedCallTest.assertionIdIn(answered.jsonPath());
        }
        assertThat(assertionId)
                .as("assertions again within 10 s of connections being allowed")
                .isNotBlank();
        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId));
        given().when().get("/actuator/health").then().statusCode(200).body("components.audit.status", equalTo("UP"));
    }

    private static Response call() {
        return callOrderSign(PACEMAKER, UUID.randomUUID().toString());
    }

    private static void refuseConnections() throws SQLException {
        try (Connection admin = admin();
                Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS false");
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE
                    + "' AND pid <> pg_backend_pid()");
        }
    }

    private static void allowConnections() throws SQLException {
        try (Connection admin = admin();
                Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + DATABASE + " WITH ALLOW_CONNECTIONS true");
        }
    }

    /** A session on the database the tests were given, never on the one this test refuses. */
    private static Connection admin() throws SQLException {
        return givenDatabase();
    }

    private static String serviceUrl() {
        String given = TestDatabases.postgresUrl();
        int query = given.indexOf('?');
        String base = query < 0 ? given : given.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + DATABASE + (query < 0 ? "" : given.substring(query));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (postgresGiven()) {
            allowConnections();
            try (Connection admin = admin();
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
        }
    }
}
