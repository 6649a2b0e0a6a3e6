package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.security.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code crd.audit.retention} on the real service: the scheduled purge (every second here) deletes an assertion
 * older than the retention, which {@code /api/assertions/{id}} then no longer finds, and keeps the younger ones. The
 * service's Clock is one the test moves, so "older than an hour" takes no hour.
 */
@TestPropertySource(properties = {"crd.audit.retention=1h", "crd.audit.retention-check=1s"})
@Import(AuditRetentionTest.MovableClock.class)
class AuditRetentionTest extends RunningService {

    /** Long enough for several scheduled runs on a loaded machine; the purge itself takes milliseconds. */
    private static final Duration PURGE_WAIT = Duration.ofSeconds(30);

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {

        @Bean
        @Primary
        MutableClock movableClock() {
            return new MutableClock(Instant.now());
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    Clock serviceClock;

    @Test
    void assertionOlderThanTheRetentionIsPurgedAndTheYoungerOnesAreStillFound() throws InterruptedException {
        assertThat(serviceClock).as("the service reads the test's clock").isSameAs(clock);
        String old = assertionOfANewCall();
        clock.advance(Duration.ofMinutes(30));
        String halfAnHourYounger = assertionOfANewCall();
        found(old);

        // Now the first call is an hour and a second old; the second is half an hour old.
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        String fresh = assertionOfANewCall();
        awaitPurged(old);

        found(halfAnHourYounger);
        found(fresh);
        String prometheus = given().when()
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(prometheus).containsPattern("(?m)^crd_audit_purged_total(\\{[^}]*\\})? 1\\.0$");
    }

    private String assertionOfANewCall() {
        String body = fixture("requests/order-sign-ire-0600T.json")
                .replace(
                        "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
                        UUID.randomUUID().toString());
        JsonPath response =
                callService("crd-order-sign", body).statusCode(200).extract().jsonPath();
        return AuditedCallTest.assertionIdIn(response);
    }

    private static void found(String assertionId) {
        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId));
    }

    private static void awaitPurged(String assertionId) throws InterruptedException {
        long deadline = System.nanoTime() + PURGE_WAIT.toNanos();
        while (given().when().get("/api/assertions/" + assertionId).statusCode() == 200) {
            assertThat(System.nanoTime()).as("purged within %s", PURGE_WAIT).isLessThan(deadline);
            Thread.sleep(200);
        }
        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("not-found"));
    }
}
