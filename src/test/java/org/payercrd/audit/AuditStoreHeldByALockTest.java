package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.payercrd.ServiceOnPostgres;
import org.payercrd.TestDatabases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on PostgreSQL while another session holds an {@code ACCESS EXCLUSIVE} lock on {@code service_call}: the
 * call is answered 200 after about {@code crd.audit.write-timeout} (not the pool's or the lock's time) with every card
 * but no coverage assertion, and once the lock is released calls get their assertions again, without a restart.
 */
@EnabledIf(
        value = "postgresGiven",
        disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
class AuditStoreHeldByALockTest extends ServiceOnPostgres {

    private static final String SCHEMA =
            "crd_lock_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestDatabases.createPostgresSchema(SCHEMA);
        auditIn(registry, TestDatabases::postgresUrl);
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }

    @Test
    void aCallHeldByALockGetsItsCardsWithoutAssertionAndCallsGetAssertionsOnceItIsReleased() throws Exception {
        // A first call, so that what is timed below is the audit write, not the first evaluation's warm-up.
        assertThat(callOrderSign(PACEMAKER, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);
        double degradedBefore = degradedByTimeout();
        String heldInstance = UUID.randomUUID().toString();
        try (Connection locker = givenDatabase()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + SCHEMA + ".service_call IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            Response degraded = callOrderSign(PACEMAKER, heldInstance);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            PayerRecordsDown.assertCardsWithoutAssertion(
                    degraded, properties.cards().unrecordedAssertionNote());
            assertThat(tookMillis)
                    .as("after about crd.audit.write-timeout (1.5 s) plus the review, on a loaded machine")
                    .isBetween(1400L, 4000L);
            assertThat(degradedByTimeout()).isEqualTo(degradedBefore + 1);
            // Held a little longer than the writer's own lock wait, so its batch has certainly failed.
            Thread.sleep(1000);
            locker.rollback();
        }

        assertThat(assertionsStoredFor(heldInstance))
                .as("no assertion of the degraded call is on record")
                .isZero();
        Response answered = callOrderSign(PACEMAKER, UUID.randomUUID().toString());
        assertThat(answered.statusCode()).isEqualTo(200);
        String assertionId = AuditedCallTest.assertionIdIn(answered.jsonPath());
        assertThat(answered.asString()).doesNotContain(properties.cards().unrecordedAssertionNote());
        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId));
    }

    @Test
    void healthSaysAuditDownUnderTheLockWithinTwoSecondsWhileReadinessStaysUp() throws SQLException {
        assertThat(auditStatus()).isEqualTo("UP");
        try (Connection locker = givenDatabase()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + SCHEMA + ".service_call IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            Response health = given().when().get("/actuator/health");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.jsonPath().getString("components.audit.status")).isEqualTo("DOWN");
            assertThat(tookMillis)
                    .as("the probe's bounded wait, not the lock's")
                    .isLessThan(2500L);
            given().when()
                    .get("/actuator/health/readiness")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
            locker.rollback();
        }
        assertThat(auditStatus()).as("UP again once the lock is released").isEqualTo("UP");
        given().when().get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/actuator/health/readiness").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static String auditStatus() {
        return given().when().get("/actuator/health").jsonPath().getString("components.audit.status");
    }

    private double degradedByTimeout() {
        return meters.get(AuditedAnswers.DEGRADED)
                .tag("reason", "timeout")
                .counter()
                .count();
    }

    private static int assertionsStoredFor(String hookInstance) throws SQLException {
        try (Connection connection = givenDatabase();
                PreparedStatement query =
                        connection.prepareStatement("SELECT count(*) FROM " + SCHEMA + ".coverage_assertion a JOIN "
                                + SCHEMA + ".service_call c ON c.call_id = a.call_id WHERE c.hook_instance = ?")) {
            query.setString(1, hookInstance);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (postgresGiven()) {
            try (Connection connection = givenDatabase();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }
}
